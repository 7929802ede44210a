using System.Net;

namespace Deploy.Recipes.Edge.Hosting;

/// <summary>
/// The edge's command line: <c>--state=&lt;dir&gt; --environment=&lt;name&gt; --public-port=&lt;port&gt;
/// [--public-address=&lt;ip&gt;]</c>. The public address defaults to 127.0.0.1 (the local target); a server of a fleet
/// listens on its own address so customers reach it.
/// </summary>
internal sealed record EdgeArguments(string StateDirectory, string Environment, int PublicPort, IPAddress PublicAddress)
{
    public static EdgeArguments Parse(IReadOnlyList<string> args)
    {
        string? state = null, environment = null, port = null, address = null;
        foreach (var argument in args)
        {
            var separator = argument.IndexOf('=');
            var key = separator < 0 ? argument : argument[..separator];
            var value = separator < 0 ? null : argument[(separator + 1)..];
            switch (key)
            {
                case "--state":
                    state = value;
                    break;
                case "--environment":
                    environment = value;
                    break;
                case "--public-port":
                    port = value;
                    break;
                case "--public-address":
                    address = value;
                    break;
                default:
                    throw Bad($"unknown argument '{argument}'");
            }
        }

        if (string.IsNullOrWhiteSpace(state))
            throw Bad("--state=<dir> is missing");
        if (string.IsNullOrWhiteSpace(environment))
            throw Bad("--environment=<name> is missing");
        if (port == null)
            throw Bad("--public-port=<port> is missing");
        if (!int.TryParse(port, out var publicPort) || publicPort is < 1 or > 65535)
            throw Bad($"--public-port={port} is not a port number (1-65535)");
        var publicAddress = IPAddress.Loopback;
        if (address != null && !IPAddress.TryParse(address, out publicAddress!))
            throw Bad($"--public-address={address} is not an IP address (such as 127.0.0.1, 10.0.0.5, 0.0.0.0 or ::)");
        var fullState = Path.GetFullPath(state);
        if (!Directory.Exists(fullState))
            throw Bad($"--state={state}: folder {fullState} does not exist");
        return new EdgeArguments(fullState, environment, publicPort, publicAddress);
    }

    private static EdgeStartupException Bad(string message) => new(EdgeStartupException.BadInput, "edge: " + message);
}
