namespace Shop.Data.Migrations;

/// <summary>
/// A migration with no working Down by design. Deploy.Recipes recognises it by name: validation does not demand a
/// Down, and the release carrying it is flagged "no automatic database rollback".
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ForwardOnlyAttribute : Attribute;

/// <summary>
/// A contract step: it removes or changes what older releases use. Deploy.Recipes recognises it by name and refuses it
/// unless --allow-breaking is given and every running release already includes <see cref="ExpandVersion"/>, the
/// expand step that made the old shape unnecessary.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class BreakingChangeAttribute(long expandVersion) : Attribute
{
    public long ExpandVersion { get; } = expandVersion;
}
