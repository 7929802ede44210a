using Deploy.Recipes.Benchmarks;

// Benchmarks print figures; they assert nothing (these machines are noisy). Run with:
//   dotnet run -c Release --project tests/Deploy.Recipes.Benchmarks -- [startup] [--runs=N]
var runs = args.FirstOrDefault(a => a.StartsWith("--runs="))?["--runs=".Length..] is { } text ? int.Parse(text) : 15;
var which = args.FirstOrDefault(a => !a.StartsWith("--")) ?? "startup";
switch (which)
{
    case "startup":
        return StartupBenchmark.Run(Repository.Root(), runs);
    default:
        Console.Error.WriteLine($"Unknown benchmark '{which}'. Valid: startup.");
        return 1;
}
