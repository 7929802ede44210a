using System.Globalization;
using Cake.Core.Diagnostics;

namespace Deploy.Recipes.Hosting;

/// <summary>
/// The run's Cake log with every line passed through the <see cref="SecretMask"/> first, so a task, an alias or a tool
/// runner that logs an exception message or a command line cannot print a secret.
/// </summary>
internal sealed class RedactingLog(ICakeLog inner) : ICakeLog
{
    /// <summary>The mask in force; the settings are bound after the log exists, so it is set then.</summary>
    public SecretMask Mask { get; set; } = SecretMask.None;

    public Verbosity Verbosity
    {
        get => inner.Verbosity;
        set => inner.Verbosity = value;
    }

    public void Write(Verbosity verbosity, LogLevel level, string format, params object[] args)
    {
        if (verbosity > inner.Verbosity)
            return;
        inner.Write(verbosity, level, "{0}", Mask.Apply(Format(format, args)));
    }

    private static string Format(string format, object[] args)
    {
        if (args.Length == 0)
            return format;
        try
        {
            return string.Format(CultureInfo.InvariantCulture, format, args);
        }
        catch (FormatException)
        {
            return format + " " + string.Join(" ", args);
        }
    }
}
