using System.Reflection;

namespace Deploy.Recipes.Database.EfCore;

/// <summary>The types of an app assembly that load; a type whose dependencies are not in the release is skipped.</summary>
internal static class ReleaseTypes
{
    public static IEnumerable<Type> Of(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException partial)
        {
            return partial.Types.OfType<Type>();
        }
    }
}
