using ActorPipeline.Actors.Events;
using ActorPipeline.Actors.Progress;
using ActorPipeline.Actors.Repetitions;
using Akka.Event;
using static System.FormattableString;

namespace ActorPipeline.Actors.Problems;

// The ProblemDecider's rules for work that did not succeed: a failed attempt is recorded, then retried after a backoff
// until the retries are spent (or at once given up when it is deterministic); a storage fault is nobody's attempt and
// is retried after a backoff that grows while it lasts.
public sealed partial class ProblemDecider
{
    private sealed partial class Deciding
    {
        /// <summary>The storage refused an artifact: not the work's failure. Start it again after a backoff that grows while the fault lasts.</summary>
        private void OnStorageFault(ProblemWork work, StorageFaultReport fault)
        {
            int faults = _state.StorageFaults.GetValueOrDefault(work) + 1;
            _state = _state with { StorageFaults = _state.StorageFaults.SetItem(work, faults) };
            var delay = decider._retries.Backoff(faults);
            Log(LogLevel.WarningLevel, Invariant($"{Problem} {work}: storage fault: {fault.Error}; starting again in {delay.TotalSeconds:0.#} s"));
            _commands.Add(new PublishStorageFault(new StorageFaultReported(Problem, fault.Path, fault.Error, delay)));
            ScheduleRetry(work, delay);
        }

        /// <param name="deterministic">The same step fails the same way on every try: give up once it is recorded instead of retrying.</param>
        private void RecordFailedAttempt(ProblemWork work, string error, bool deterministic)
        {
            IPipelineEvent attemptFailed = work switch
            {
                RepetitionWork { Repetition: var r } => new RepetitionAttemptFailed(Problem, r, Recorded.Repetition(r).Attempts + 1, error),
                _ => new DenseAttemptFailed(Problem, Recorded.DenseAttempts + 1, error),
            };
            Record(attemptFailed, deterministic ? AfterRecord.GiveUp : AfterRecord.RetryOrGiveUp);
        }

        private void AfterFailedAttempt(IPipelineEvent attemptFailed, bool deterministic)
        {
            var (work, attempt, error) = attemptFailed switch
            {
                RepetitionAttemptFailed failed => ((ProblemWork)new RepetitionWork(failed.Repetition), failed.Attempt, failed.Error),
                DenseAttemptFailed failed => (DenseWork.Instance, failed.Attempt, failed.Error),
                _ => throw new ArgumentOutOfRangeException(nameof(attemptFailed), attemptFailed, "not a failed attempt"),
            };
            if (attempt <= decider._retries.MaxRetries && !deterministic)
            {
                var delay = decider._retries.Backoff(attempt);
                Log(LogLevel.WarningLevel, Invariant($"{Problem} {work} failed (attempt {attempt} of {decider._retries.MaxRetries + 1}), retrying in {delay.TotalSeconds:0.#} s: {error}"));
                ScheduleRetry(work, delay);
                return;
            }
            if (deterministic)
            {
                Log(LogLevel.ErrorLevel, $"{Problem} {work} failed deterministically (retrying cannot help), giving up: {error}");
                error = $"{error} (deterministic: not retried)";
            }
            else Log(LogLevel.ErrorLevel, $"{Problem} {work} failed {attempt} times, giving up: {error}");
            Record(work is RepetitionWork { Repetition: var repetition }
                ? new RepetitionFailed(Problem, repetition, attempt, error)
                : new DenseFailed(Problem, attempt, error), AfterRecord.FinishIfDone);
        }

        private void ScheduleRetry(ProblemWork work, TimeSpan delay)
        {
            _state = _state with { BackingOff = _state.BackingOff.Add(work) };
            _commands.Add(new ScheduleRetry(work, delay));
        }
    }
}
