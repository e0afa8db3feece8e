using ActorPipeline.Actors.Sweeps;
using ActorPipeline.Host.Hosting;
using Akka.Actor;
using Akka.Hosting;
using Akka.TestKit.Xunit2;

namespace ActorPipeline.Tests.Hosting;

/// <summary>
/// The coordinator process waits for the singleton to be in its registry. The registry's own GetAsync misses a registration
/// that lands between its check and its waiter (CI saw a coordinator wait its full minute for a singleton that had started);
/// a registration made without overwrite is never told to a waiter at all, which makes the miss reproducible here.
/// </summary>
public sealed class CoordinatorStartedTests : TestKit
{
    [Fact]
    public async Task A_coordinator_registered_after_the_wait_began_is_found_even_when_no_waiter_is_told()
    {
        var registry = new ActorRegistry();
        var coordinator = CreateTestProbe().Ref;
        var started = CoordinatorSingleton.StartedAsync(registry, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(started.IsCompleted);

        Assert.True(registry.TryRegister<SweepCoordinator>(coordinator, overwrite: false));

        Assert.Same(coordinator, await started.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_coordinator_already_registered_is_returned_at_once_and_a_cancelled_wait_ends()
    {
        var registry = new ActorRegistry();
        var coordinator = CreateTestProbe().Ref;
        registry.Register<SweepCoordinator>(coordinator);
        Assert.Same(coordinator, await CoordinatorSingleton.StartedAsync(registry, CancellationToken.None));

        using var cancelled = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CoordinatorSingleton.StartedAsync(new ActorRegistry(), cancelled.Token));
    }
}
