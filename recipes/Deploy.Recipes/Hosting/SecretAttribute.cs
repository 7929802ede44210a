namespace Deploy.Recipes.Hosting;

/// <summary>Marks a setting whose value must never reach a log, an audit record, a report or an error message.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;
