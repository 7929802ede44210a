using System.Net;
using System.Net.Sockets;

// Compiled into the edge and into the recipe (see Deploy.Recipes.csproj), so it lives in the namespace both share.
namespace Deploy.Recipes;

/// <summary>A loopback port nobody listens on, for an app to listen on: bound to port 0, read, released, handed over.</summary>
internal static class LoopbackPort
{
    /// <summary>A free port on 127.0.0.1.</summary>
    public static int Free()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
