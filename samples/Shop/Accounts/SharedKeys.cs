using Microsoft.AspNetCore.DataProtection;

namespace Shop.Accounts;

/// <summary>
/// Where the shop keeps the keys that protect its cookies. Every release of an environment must read the same keys, or
/// a switch to the next release signs every customer out (and breaks antiforgery tokens): the deploy recipe gives each
/// environment one key folder and says where in <c>DataProtection:KeysDirectory</c>. Without it (a developer's run) the
/// framework's default keys serve.
/// </summary>
public static class SharedKeys
{
    /// <summary>The configuration key naming the environment's key folder.</summary>
    public const string KeysDirectory = "DataProtection:KeysDirectory";

    public static IServiceCollection AddSharedKeys(this IServiceCollection services, IConfiguration configuration)
    {
        // The application name isolates keys by app, not by release folder (the default is the content root, which differs per release).
        var protection = services.AddDataProtection().SetApplicationName("Shop");
        if (configuration[KeysDirectory] is { Length: > 0 } folder)
            protection.PersistKeysToFileSystem(new DirectoryInfo(folder));
        return services;
    }
}
