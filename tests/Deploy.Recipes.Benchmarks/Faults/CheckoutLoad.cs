using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Deploy.Recipes.Benchmarks.Faults;

/// <summary>What customers saw during one fault: responses by status, socket errors, and the orders they were promised.</summary>
internal sealed record CustomerTally(long Requests, IReadOnlyDictionary<int, long> ByStatus, long SocketErrors, IReadOnlyList<long> AcknowledgedOrders)
{
    /// <summary>Requests that failed a customer: 5xx other than maintenance pages, other non-2xx, and socket errors (timeouts included).</summary>
    public long Failed(long maintenance) => ByStatus.Where(s => s.Key is < 200 or > 299).Sum(s => s.Value) - maintenance + SocketErrors;
}

/// <summary>
/// wrk on the public port for as long as a fault takes: three of four requests browse (GET /), one checks out
/// (POST /api/checkout), and every order the shop acknowledged with 201 is written down by id, so the benchmark can
/// prove afterwards that each one is in the database. Stopped with SIGINT, on which wrk prints its totals.
/// </summary>
internal static partial class CheckoutLoad
{
    private const string Script = """
        local threads = {}
        function setup(thread) table.insert(threads, thread) end
        function init(args) counts = {}; orders = {}; maintenance = 0; n = 0 end
        function request()
          n = n + 1
          if n % 4 == 0 then
            return wrk.format("POST", "/api/checkout", { ["Content-Type"] = "application/json" }, '{"productId":1,"quantity":1}')
          end
          return wrk.format("GET", "/")
        end
        function response(status, headers, body)
          counts[status] = (counts[status] or 0) + 1
          if status == 503 and headers["Retry-After"] ~= nil then maintenance = maintenance + 1 end
          if status == 201 then
            local id = string.match(body, '"orderId"%s*:%s*(%d+)')
            if id then orders[#orders + 1] = id end
          end
        end
        function done(summary, latency, requests)
          local total, m = {}, 0
          local file = io.open("ORDERS_FILE", "w")
          for _, t in ipairs(threads) do
            for k, v in pairs(t:get("counts")) do total[k] = (total[k] or 0) + v end
            for _, id in ipairs(t:get("orders")) do file:write(id, "\n") end
            m = m + t:get("maintenance")
          end
          file:close()
          for k, v in pairs(total) do io.write(string.format("status %d %d\n", k, v)) end
          io.write(string.format("maintenance %d\n", m))
        end
        """;

    /// <summary>Starts the load; <see cref="Stop"/> ends it and reads the tally.</summary>
    public static (Process Wrk, string OrdersFile) Start(Uri url, int connections, string scratch)
    {
        var orders = Path.Combine(scratch, $"orders-{Guid.NewGuid():N}.txt");
        var script = Path.Combine(scratch, $"checkout-{Guid.NewGuid():N}.lua");
        File.WriteAllText(script, Script.Replace("ORDERS_FILE", orders));
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        // The duration is only a ceiling: every fault ends its load with SIGINT. The timeout is the customer's patience.
        foreach (var argument in new[] { "-t", "2", "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", "900s", "--timeout", "10s", "-s", script, url.ToString() })
            start.ArgumentList.Add(argument);
        var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start; install it with apt-get install wrk");
        return (wrk, orders);
    }

    /// <summary>Ends the load (SIGINT) and returns what customers saw, maintenance 503s counted apart.</summary>
    public static (CustomerTally Tally, long Maintenance) Stop((Process Wrk, string OrdersFile) load)
    {
        Signal.Send(load.Wrk.Id, "INT");
        var output = load.Wrk.StandardOutput.ReadToEnd();
        load.Wrk.StandardError.ReadToEnd();
        load.Wrk.WaitForExit();
        var byStatus = StatusLine().Matches(output).ToDictionary(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        var socket = SocketErrors().Match(output);
        var errors = socket.Success ? socket.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture)) : 0;
        var orders = File.Exists(load.OrdersFile) ? File.ReadAllLines(load.OrdersFile).Where(l => l.Length > 0).Select(long.Parse).ToList() : [];
        var requests = Requests().Match(output) is { Success: true } r ? long.Parse(r.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var maintenance = Maintenance().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return (new CustomerTally(requests, byStatus, errors, orders), maintenance);
    }

    [GeneratedRegex(@"^status (\d+) (\d+)$", RegexOptions.Multiline)]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"^maintenance (\d+)$", RegexOptions.Multiline)]
    private static partial Regex Maintenance();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Requests();
}
