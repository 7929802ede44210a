using System.Net;
using System.Net.Sockets;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>A loopback port nobody listens on: bound to port 0, read, released, then handed to the app.</summary>
internal static class FreePort
{
    public static int Pick()
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
