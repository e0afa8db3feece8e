namespace ActorPipeline.Host.Reports;

/// <summary>How figure 1 spaces its x axis, the fraction of prunable parameters remaining.</summary>
public enum FractionScale
{
    /// <summary>Evenly from 1 (dense) down to 0: the late IMP iterations crowd at the right.</summary>
    Linear,

    /// <summary>Logarithmic: every IMP iteration removes about the same log-fraction, so iterations are spread evenly.</summary>
    Log,
}
