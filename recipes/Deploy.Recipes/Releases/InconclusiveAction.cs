namespace Deploy.Recipes.Releases;

/// <summary>What a canary step whose analysis stayed inconclusive (too little traffic) does once extended as far as allowed.</summary>
public enum InconclusiveAction
{
    /// <summary>Pause as a <c>manual</c> step does: a person runs Promote or Abort.</summary>
    Pause,

    /// <summary>Count the step as passed.</summary>
    Pass,

    /// <summary>Count the step as failed: abort at once.</summary>
    Fail,
}
