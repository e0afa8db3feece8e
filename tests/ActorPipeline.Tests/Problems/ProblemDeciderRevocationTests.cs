using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Problems;
using ActorPipeline.Actors.Repetitions;
using static ActorPipeline.Tests.ProblemDecisions.DeciderDriver;

namespace ActorPipeline.Tests.ProblemDecisions;

/// <summary>
/// Assignments that end without their worker's word, decided without an actor system: a lost node's assignment is offered
/// again at once under a new id (not a failed attempt), and a stopping supervisor withdraws what is live.
/// </summary>
public sealed class ProblemDeciderRevocationTests
{
    [Fact]
    public void A_revoked_assignment_is_offered_again_at_once_from_its_last_recorded_step_under_a_new_id()
    {
        var driver = new DeciderDriver().Start(DenseTrainedEvent(), Trained(0, 1));
        string revoked = driver.LiveId(Rep(0));

        var decision = driver.Send(new RevocationArrived(revoked, "node a was lost"));

        Assert.Empty(decision.Records); // not a failed attempt
        Assert.Equal([$"Close {revoked} revoked: node a was lost", "Offer repetition 0 from 1 (measure)"], DeciderText.Commands(decision));
        Assert.Contains("WarningLevel: cifar2 repetition 0: node a was lost; offering it again from its last recorded step (not counted as a failed attempt)", DeciderText.All(decision));
        Assert.Equal(Id(Rep(0), 3), driver.LiveId(Rep(0)));
        Assert.Equal(0, driver.State.Recorded.Repetition(0).Attempts);
    }

    [Fact]
    public void A_revoked_dense_training_is_offered_again_too()
    {
        var driver = new DeciderDriver().Start();

        var decision = driver.Send(new RevocationArrived(Id(Dense, 1), "node a was lost"));

        Assert.Equal([$"Close {Id(Dense, 1)} revoked: node a was lost", "Offer dense training"], DeciderText.Commands(decision));
        Assert.Equal(Id(Dense, 2), driver.LiveId(Dense));
    }

    [Theory]
    [InlineData("the same revocation twice")]
    [InlineData("an id never offered")]
    [InlineData("an assignment that ended")]
    public void A_revocation_of_an_assignment_that_is_not_live_changes_nothing(string which)
    {
        var driver = new DeciderDriver().Start(DenseTrainedEvent());
        string id = which switch
        {
            "the same revocation twice" => driver.LiveId(Rep(0)),
            "an assignment that ended" => driver.LiveId(Rep(1)),
            _ => "sweep-1/cifar2/repetition-0/other-1",
        };
        if (which == "the same revocation twice") driver.Send(new RevocationArrived(id, "node a was lost"));
        if (which == "an assignment that ended") driver.Report(Rep(1), new RepetitionDoneReport(1));
        var before = driver.State;

        var decision = driver.Send(new RevocationArrived(id, "node a was lost"));

        Assert.Same(before, decision.State);
        Assert.Empty(decision.Commands);
    }

    [Fact]
    public void Revoked_while_the_journal_is_lost_the_work_waits_for_the_replay_to_be_offered_again()
    {
        var driver = new DeciderDriver().Start(DenseTrainedEvent());
        string revoked = driver.LiveId(Rep(0));
        driver.Send(JournalLost.Instance);

        Assert.Equal([$"Close {revoked} revoked: node a was lost"], DeciderText.Commands(driver.Send(new RevocationArrived(revoked, "node a was lost"))));

        driver.Reconnect();
        Assert.Equal(["Offer repetition 0 from 1"], DeciderText.Commands(driver.Last));
    }

    [Fact]
    public void A_stopping_supervisor_withdraws_every_live_assignment_and_records_nothing()
    {
        var driver = new DeciderDriver().Start(DenseTrainedEvent());
        var live = driver.State.Live.Keys.ToList();

        var stopping = driver.Send(SupervisorStopping.Instance);

        Assert.Equal(live.SelectMany(id => new[] { $"Withdraw {id}", $"Close {id}" }), DeciderText.Commands(stopping));
        Assert.Empty(stopping.Records);
        Assert.Empty(driver.State.Live);
    }

    [Fact]
    public void A_stopping_supervisor_with_nothing_live_does_nothing()
    {
        var driver = new DeciderDriver().Start([DenseTrainedEvent(), .. CompletedRepetition(0), .. CompletedRepetition(1)]);

        Assert.Empty(driver.Send(SupervisorStopping.Instance).Commands);
    }

    [Fact]
    public void An_input_the_decider_does_not_know_is_a_bug_and_says_so()
    {
        var driver = new DeciderDriver();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => driver.Send(new UnknownInput()));
        Assert.Contains("UnknownInput is not an input of the problem decider", error.Message);
    }

    private sealed record UnknownInput : IProblemInput;

    [Fact]
    public void The_revoked_attempt_is_nobodys_failure_even_when_its_old_worker_reports_one_later()
    {
        var driver = new DeciderDriver().Start(DenseTrainedEvent());
        string revoked = driver.LiveId(Rep(0));
        driver.Send(new RevocationArrived(revoked, "node a was lost"));

        driver.Report(revoked, new WorkerCrashReport("the worker stopped unexpectedly"));
        driver.Report(revoked, new RepetitionErrorReport(0, "training failed"));

        Assert.Empty(driver.Pending);
        Assert.DoesNotContain(driver.Journal, e => e is RepetitionAttemptFailed);
        Assert.NotEqual(revoked, driver.LiveId(Rep(0)));
    }
}
