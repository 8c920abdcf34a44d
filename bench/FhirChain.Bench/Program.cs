using BenchmarkDotNet.Running;

// Run: dotnet run -c Release --project bench/FhirChain.Bench -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
