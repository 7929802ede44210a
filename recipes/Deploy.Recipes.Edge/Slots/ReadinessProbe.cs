using System.Net;
using System.Net.Sockets;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>
/// Decides when a starting app is "running": its port accepts a TCP connection. Deliberately not an HTTP check: what
/// "healthy" means belongs to the recipe's smoke tests, which reach the slot through the operator route.
/// </summary>
internal static class ReadinessProbe
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1);

    /// <summary>True once the port accepts a connection; false when <paramref name="stop"/> fires first.</summary>
    public static async Task<bool> WaitUntilListeningAsync(int port, CancellationToken stop)
    {
        var endpoint = new IPEndPoint(IPAddress.Loopback, port);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
                timeout.CancelAfter(ConnectTimeout);
                await socket.ConnectAsync(endpoint, timeout.Token);
                return true;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                // Not listening yet.
            }

            try
            {
                await Task.Delay(Interval, stop);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Whether the port accepts a connection within <paramref name="timeout"/>: one try.</summary>
    public static async Task<bool> IsListeningAsync(int port, TimeSpan timeout)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var limit = new CancellationTokenSource(timeout);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), limit.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
