using ActorPipeline.Actors.Problems;
using ActorPipeline.Actors.Repetitions;
using static ActorPipeline.Tests.ProblemDecisions.DeciderDriver;

namespace ActorPipeline.Tests.ProblemDecisions;

/// <summary>
/// Every report in every state (<see cref="DeciderScenario"/>): what a live assignment's report records and does, and
/// that a report of any assignment that is not live (revoked, ended, withdrawn, never offered) changes nothing at all.
/// </summary>
public sealed class ProblemDeciderReportTests
{
    public static TheoryData<string, string> LiveReports()
    {
        var data = new TheoryData<string, string>();
        foreach (var scenario in DeciderScenario.All.Where(s => s.LiveWork is not null))
            foreach (var report in DeciderScenario.ReportsOf(scenario.LiveWork!))
                data.Add(scenario.Name, report);
        return data;
    }

    public static TheoryData<string, string> EveryReportInEveryState()
    {
        var data = new TheoryData<string, string>();
        foreach (var scenario in DeciderScenario.All)
            foreach (var (report, _) in DeciderScenario.Reports)
                data.Add(scenario.Name, report);
        return data;
    }

    /// <summary>What the test expects of <paramref name="report"/> to the live assignment <paramref name="id"/>: (records, commands).</summary>
    private static (string[] Records, string[] Commands) Expected(DeciderScenario scenario, string report, string id)
    {
        int attempt = scenario.Attempts + 1;
        double storageRetry = Retries.Backoff(scenario.StorageFaults + 1).TotalSeconds;
        return report switch
        {
            "dense trained" => (["DenseTrained cifar2/dense/final.pt cifar2/dense/rewind-epoch003.pt → ContinueProblem"], [$"Close {id}"]),
            "dense error" => ([$"DenseAttemptFailed #{attempt}: oom → RetryOrGiveUp"], [$"Close {id} error: oom"]),
            "dense error, deterministic" => ([$"DenseAttemptFailed #{attempt}: bad plan → GiveUp"], [$"Close {id} error: bad plan"]),
            "iteration 1 trained" => Step(scenario, "T1", "IterationTrained r0 i1", "r0 i1 trained"),
            "iteration 1 measured" => Step(scenario, "S1", "SimilarityMeasured r0 i1", "r0 i1 measured"),
            "iteration 2 trained" => Step(scenario, "T2", "IterationTrained r0 i2", "r0 i2 trained"),
            "repetition done" => (["RepetitionCompleted r0 → FinishIfDone"], [$"Close {id}"]),
            "repetition error" => ([$"RepetitionAttemptFailed r0 #{attempt}: nan → RetryOrGiveUp"], [$"Close {id} error: nan"]),
            "repetition error, deterministic" => ([$"RepetitionAttemptFailed r0 #{attempt}: collapsed → GiveUp"], [$"Close {id} error: collapsed"]),
            "storage fault" => ([], [$"Close {id} error: disk full", $"StorageFault /sweeps/s1/artifacts/cifar2/rep-00/x.pt: disk full, retry in {storageRetry}s",
                $"Retry {scenario.LiveWork} in {storageRetry}s"]),
            "worker crash" when scenario.LiveWork is DenseWork => ([$"DenseAttemptFailed #{attempt}: NullReferenceException → RetryOrGiveUp"], [$"Close {id} error: NullReferenceException"]),
            "worker crash" => ([$"RepetitionAttemptFailed r0 #{attempt}: NullReferenceException → RetryOrGiveUp"], [$"Close {id} error: NullReferenceException"]),
            _ => throw new ArgumentOutOfRangeException(nameof(report), report, null),
        };
    }

    /// <summary>A step report: answered at once when recorded, held when being recorded, else recorded and held.</summary>
    private static (string[], string[]) Step(DeciderScenario scenario, string step, string recorded, string key) =>
        scenario.RecordedSteps.Contains(step) ? ([], [$"Confirm {key} now"])
        : scenario.StepsInFlight.Contains(step) ? ([], [$"Hold for {key}"])
        : ([$"{recorded} → ConfirmStep"], [$"Hold for {key}"]);

    [Theory]
    [MemberData(nameof(LiveReports))]
    public void A_report_of_the_live_assignment_records_and_does_what_its_kind_says(string state, string report)
    {
        var scenario = DeciderScenario.Named(state);
        var driver = scenario.Driver();
        string id = driver.LiveId(scenario.LiveWork!);
        var before = driver.State;

        var decision = driver.Report(id, DeciderScenario.Report(report));

        var (records, commands) = Expected(scenario, report, id);
        Assert.Equal(records, DeciderText.Records(decision));
        Assert.Equal(commands, DeciderText.Commands(decision));
        bool endsAttempt = DeciderScenario.Report(report).EndsAttempt;
        Assert.Equal(!endsAttempt, decision.State.Live.ContainsKey(id)); // a step goes on; anything else ends the attempt
        Assert.Equal(before.Recorded, decision.State.Recorded); // nothing is applied before it is recorded
        Assert.Equal(before.RecordsInFlight + records.Length, decision.State.RecordsInFlight);
        Assert.Equal(report == "storage fault", decision.State.BackingOff.Contains(scenario.LiveWork!));
    }

    [Theory]
    [MemberData(nameof(EveryReportInEveryState))]
    public void A_report_of_an_assignment_that_is_not_live_changes_nothing(string state, string report)
    {
        var driver = DeciderScenario.Named(state).Driver();
        var notLive = driver.EndedIds.Append("sweep-1/cifar2/repetition-0/someone-else-1").Append("").ToList();

        foreach (var id in notLive)
        {
            var before = driver.State;
            var decision = driver.Report(id, DeciderScenario.Report(report));

            Assert.Same(before, decision.State);
            Assert.Empty(decision.Records);
            Assert.Empty(decision.Commands);
        }
    }

    public static TheoryData<string> States() => new(DeciderScenario.All.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(States))]
    public void Each_state_is_what_it_says(string state)
    {
        var scenario = DeciderScenario.Named(state);
        var driver = scenario.Driver();
        var live = driver.State.Live.Values.Where(w => w is DenseWork || w == Rep(0)).ToList();
        Assert.Equal(scenario.LiveWork is null ? [] : [scenario.LiveWork], live);
        var recorded = driver.State.Recorded;
        Assert.Equal(scenario.Attempts, scenario.LiveWork is DenseWork || scenario.Name.StartsWith("dense") ? recorded.DenseAttempts : recorded.Repetition(0).Attempts);
        var steps = recorded.Repetition(0).Trained.Keys.Select(i => $"T{i}").Concat(recorded.Repetition(0).Similarity.Keys.Select(i => $"S{i}")).Order();
        Assert.Equal(scenario.RecordedSteps.Order(), steps);
        Assert.Equal(scenario.StepsInFlight, driver.State.StepsBeingRecorded.Select(s => $"{(s.Measurement ? "S" : "T")}{s.Iteration}"));
    }

    [Fact]
    public void A_report_the_supervisor_does_not_know_is_a_bug_and_says_so()
    {
        var driver = new DeciderDriver().Start();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => driver.Report(Dense, new UnknownReport()));
        Assert.Contains("UnknownReport is not a report this supervisor knows", error.Message);
    }

    private sealed record UnknownReport : IWorkReport;
}
