namespace ActorPipeline.Tests.Telemetry;

/// <summary>One Aspire dashboard per test class (it starts in a few seconds and takes ~150 MB).</summary>
public sealed class AspireDashboardFixture : IAsyncLifetime
{
    private AspireDashboardReceiver? receiver;

    internal AspireDashboardReceiver Receiver => receiver ?? throw new InvalidOperationException("the dashboard is not started");

    public async Task InitializeAsync() => receiver = await AspireDashboardReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        if (receiver is not null)
            await receiver.DisposeAsync();
    }
}
