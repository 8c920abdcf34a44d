using BenchmarkDotNet.Running;

namespace FhirChain.Bench;

/// <summary>Run: <c>dotnet run -c Release --project bench/FhirChain.Bench -- --filter '*'</c>.</summary>
public static class BenchProgram
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
}
