namespace Deploy.Recipes.Releases;

/// <summary>How a release replaces the live one.</summary>
public enum ReleaseStrategy
{
    /// <summary>Start beside the live release, smoke-check, switch all traffic at once, keep the old one warm.</summary>
    BlueGreen,

    /// <summary>
    /// On a fleet: hosts in waves of <c>batch-size</c>; each wave is started, proven, switched and verified for
    /// <c>wave-verify-time</c> before the next. A failing wave switches every host already switched back.
    /// </summary>
    Rolling,

    /// <summary>
    /// The new release starts in the idle slot, is proven with no traffic, then takes the weights of <c>canary-steps</c>
    /// one after another, judged against the stable release at every step; a failure goes back to stable at once.
    /// </summary>
    Canary,
}
