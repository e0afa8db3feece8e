using ActorPipeline.Actors.Dispatch;
using Akka.TestKit;

namespace ActorPipeline.Tests.Dispatch;

/// <summary>
/// The dispatcher's status as it publishes it after its changes (what nodes.json and the terminal show): a test subscribes
/// before it acts, then waits for the status it expects, instead of asking the dispatcher (it answers no such question).
/// </summary>
internal sealed class PublishedStatus
{
    private readonly TestProbe _probe;

    public PublishedStatus(TestKitBase kit)
    {
        _probe = kit.CreateTestProbe();
        kit.Sys.EventStream.Subscribe(_probe.Ref, typeof(DispatchStatus));
    }

    /// <summary>The first status published from now on that is <paramref name="expected"/>; fails after <see cref="ProbeNode.Timeout"/>.</summary>
    public DispatchStatus WaitFor(Predicate<DispatchStatus> expected) => _probe.FishForMessage(expected, ProbeNode.Timeout);
}
