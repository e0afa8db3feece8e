using ActorPipeline.Actors.Events;

namespace ActorPipeline.Actors.Problems;

/// <summary>
/// What <see cref="ProblemDecider.Decide"/> made of an input: the next state, the events to record (in this order: it is the
/// journal's order), and the commands to carry out (in this order). Each event comes back as <see cref="EventRecorded"/>
/// once it is in the journal, with what its recording was for.
/// </summary>
public sealed record ProblemDecision(ProblemDeciderState State, IReadOnlyList<RecordEvent> Records, IReadOnlyList<IProblemCommand> Commands);

/// <summary>Record <paramref name="Event"/>; once it is in, decide <paramref name="Then"/>.</summary>
public sealed record RecordEvent(IPipelineEvent Event, AfterRecord Then);

/// <summary>What follows an event once it is recorded. The event itself says which work it is about.</summary>
public enum AfterRecord
{
    /// <summary>Start what the recorded state allows next (the dense training is in: the repetitions).</summary>
    ContinueProblem,
    /// <summary>Answer the workers that reported the step and wait for it.</summary>
    ConfirmStep,
    /// <summary>A repetition (or the dense training) ended: answer the sweep if it was the last.</summary>
    FinishIfDone,
    /// <summary>A failed attempt: retry after a backoff, or give up once the retries are spent.</summary>
    RetryOrGiveUp,
    /// <summary>A failed attempt that would fail the same way again (deterministic): give up now.</summary>
    GiveUp,
}
