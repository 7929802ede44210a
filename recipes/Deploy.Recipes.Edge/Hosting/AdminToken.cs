using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Deploy.Recipes.Edge.Contract;

namespace Deploy.Recipes.Edge.Hosting;

/// <summary>
/// The environment's admin token, read once from <c>edge.token</c>. It guards the admin API and the operator route,
/// so it is compared in constant time and never printed.
/// </summary>
internal sealed class AdminToken
{
    private readonly string _value;

    private AdminToken(string value) => _value = value;

    public static AdminToken Read(string stateDirectory)
    {
        var path = Path.Combine(stateDirectory, EdgeFiles.Token);
        var value = File.Exists(path) ? File.ReadAllText(path).Trim() : "";
        if (value.Length == 0)
            throw new EdgeStartupException(EdgeStartupException.BadInput, $"edge: the admin token file {path} is missing or empty");
        return new AdminToken(value);
    }

    /// <summary>Whether the token file can be read by other users (worth a warning: the token opens the admin API).</summary>
    public static bool IsReadableByOthers(string stateDirectory)
    {
        if (OperatingSystem.IsWindows())
            return false;
        var mode = File.GetUnixFileMode(Path.Combine(stateDirectory, EdgeFiles.Token));
        return (mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0;
    }

    /// <summary>Constant-time comparison (for equal lengths), without allocating: it runs on customer requests too.</summary>
    public bool Matches(ReadOnlySpan<char> candidate) =>
        CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(_value.AsSpan()), MemoryMarshal.AsBytes(candidate));

    public override string ToString() => "(admin token)";
}
