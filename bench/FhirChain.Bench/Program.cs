using BenchmarkDotNet.Running;
using FhirChain.Bench.Server;

namespace FhirChain.Bench;

/// <summary>
/// <c>dotnet run -c Release --project bench/FhirChain.Bench -- --filter '*'</c> runs the BenchmarkDotNet
/// benchmarks; <c>-- log-cost [--db sqlite|postgres]</c> measures the server with the log on and off,
/// <c>-- consent-cost [--db sqlite|postgres]</c> the cost of consent filtering on export and search.
/// </summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "log-cost")
        {
            return await LogCostRunner.RunAsync(args[1..]);
        }

        if (args.Length > 0 && args[0] == "consent-cost")
        {
            return await Consent.ConsentCostRunner.RunAsync(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
        return 0;
    }
}
