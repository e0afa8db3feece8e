namespace ActorPipeline.Actors.Events;

/// <summary>
/// Marker of everything persisted in the journal. Bound to <see cref="Serialization.PipelineEventSerializer"/>,
/// which writes each as versioned JSON under a fixed manifest (never a CLR type name).
/// </summary>
public interface IPipelineEvent;
