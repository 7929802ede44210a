using Deploy.Recipes.Edge.Admin;
using Deploy.Recipes.Edge.Metrics;
using Deploy.Recipes.Edge.Routing;
using Deploy.Recipes.Edge.Slots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Deploy.Recipes.Edge.Hosting;

/// <summary>
/// The singletons both listeners share (the public proxy and the admin API are two web hosts in one process):
/// built once here and registered as the same instances in each host.
/// </summary>
internal sealed class EdgeServices
{
    public EdgeServices(EdgeArguments arguments, AdminToken token, ILoggerFactory logging, EdgeShutdown shutdown)
    {
        Arguments = arguments;
        Token = token;
        Logging = logging;
        Shutdown = shutdown;
        Registry = new SlotProcessRegistry(arguments.StateDirectory);
        Slots = new SlotSupervisor(arguments.StateDirectory, Traffic, Routes, Metrics, Registry, logging.CreateLogger<SlotSupervisor>());
        State = new EdgeStateReport(arguments, Slots, Maintenance);
        Adoption = new SlotAdoption(Registry, Slots, logging.CreateLogger<SlotAdoption>());
        StateFile = new EdgeStateFile(arguments, Maintenance, logging.CreateLogger<EdgeStateFile>());
        ScheduledStops = new ScheduledStops(Slots, logging.CreateLogger<ScheduledStops>());
        Exposition = new MetricsExposition(arguments, Slots, Metrics);
    }

    public EdgeArguments Arguments { get; }

    public AdminToken Token { get; }

    public ILoggerFactory Logging { get; }

    public EdgeShutdown Shutdown { get; }

    public TrafficWeights Traffic { get; } = new();

    public SlotRoutes Routes { get; } = new();

    public SlotMetricsBoard Metrics { get; } = new();

    public MaintenanceMode Maintenance { get; } = new();

    public SlotProcessRegistry Registry { get; }

    public SlotSupervisor Slots { get; }

    public EdgeStateReport State { get; }

    public SlotAdoption Adoption { get; }

    public EdgeStateFile StateFile { get; }

    public ScheduledStops ScheduledStops { get; }

    public MetricsExposition Exposition { get; }

    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton(Logging);
        services.AddSingleton<IHostLifetime, ManualHostLifetime>();
        services.AddSingleton(Arguments);
        services.AddSingleton(Token);
        services.AddSingleton(Shutdown);
        services.AddSingleton(Traffic);
        services.AddSingleton(Metrics);
        services.AddSingleton(Maintenance);
        services.AddSingleton(Slots);
        services.AddSingleton(State);
        services.AddSingleton(StateFile);
        services.AddSingleton(Exposition);
    }
}
