namespace Deploy.Recipes.Hosting;

/// <summary>
/// Marks a list setting of <c>KEY=VALUE</c> items whose values are secret: wherever it is shown, only the keys
/// appear (<c>KEY=***</c>), so people can still see which variables a release got.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SecretValuesAttribute : Attribute;
