using System.Diagnostics;
using System.Globalization;
using FhirChain.FhirApi.Bundles;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Interactions.Read;
using FhirChain.FhirApi.Storage;
using Bundle = Hl7.Fhir.Model.Bundle;
using OperationOutcome = Hl7.Fhir.Model.OperationOutcome;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FhirChain.Bench.Server;

/// <summary>
/// <c>dotnet run -c Release --project bench/FhirChain.Bench -- log-cost [--db sqlite|postgres] [--rounds N] [--read-seconds S] [--readers K]</c>:
/// ingests the Synthea transaction bundles and then reads single resources, once with the
/// provenance log on and once with it off, in one run, and prints both with their ratio.
/// </summary>
internal static class LogCostRunner
{
    public static async Task<int> RunAsync(string[] args)
    {
        var database = BenchArgs.Option(args, "--db", "sqlite");
        var rounds = BenchArgs.IntOption(args, "--rounds", 2);
        var readSeconds = double.Parse(BenchArgs.Option(args, "--read-seconds", "5"), CultureInfo.InvariantCulture);
        var readers = BenchArgs.IntOption(args, "--readers", 4);
        var samples = SyntheaSamples.Find(BenchArgs.Option(args, "--samples", string.Empty));
        if (samples is null)
        {
            Console.Error.WriteLine("--samples: no Synthea folder found (expected ../shared/samples/synthea with shared/ and patients/).");
            return 2;
        }

        Console.WriteLine($"database={database} rounds={rounds} read-seconds={readSeconds} readers={readers} cores={Environment.ProcessorCount}");
        await using (var warmUp = await ServerUnderTest.StartAsync(database, logEnabled: true))
        {
            // JIT, EF model building and FHIRPath compilation, paid once and not measured.
            await MeasureAsync(warmUp, samples, 1, 1, readers);
        }

        var results = new List<(string Mode, Measurement Result)>();
        foreach (var logEnabled in new[] { true, false, true, false })
        {
            await using var server = await ServerUnderTest.StartAsync(database, logEnabled);
            var measurement = await MeasureAsync(server, samples, rounds, readSeconds, readers);
            results.Add((logEnabled ? "log on" : "log off", measurement));
            Console.WriteLine($"  {(logEnabled ? "log on " : "log off")}: ingest {measurement.IngestPerSecond:F0} resources/s, reads {measurement.ReadsPerSecond:F0}/s, p50 {measurement.ReadP50Ms:F2} ms, p99 {measurement.ReadP99Ms:F2} ms");
        }

        Measurement Best(string mode) => new(
            results.Where(r => r.Mode == mode).Max(r => r.Result.IngestPerSecond),
            results.Where(r => r.Mode == mode).Max(r => r.Result.ReadsPerSecond),
            results.Where(r => r.Mode == mode).Min(r => r.Result.ReadP50Ms),
            results.Where(r => r.Mode == mode).Min(r => r.Result.ReadP99Ms));
        var on = Best("log on");
        var off = Best("log off");
        Console.WriteLine();
        Console.WriteLine("| log | ingest resources/s | reads/s | read p50 ms | read p99 ms |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| on | {on.IngestPerSecond:F0} | {on.ReadsPerSecond:F0} | {on.ReadP50Ms:F2} | {on.ReadP99Ms:F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| off | {off.IngestPerSecond:F0} | {off.ReadsPerSecond:F0} | {off.ReadP50Ms:F2} | {off.ReadP99Ms:F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"log cost: ingest {100 * (1 - on.IngestPerSecond / off.IngestPerSecond):F1}%, reads {100 * (1 - on.ReadsPerSecond / off.ReadsPerSecond):F1}% (best of two runs each)"));
        return 0;
    }

    private static async Task<Measurement> MeasureAsync(ServerUnderTest server, string samples, int rounds, double readSeconds, int readers)
    {
        foreach (var file in Directory.GetFiles(Path.Combine(samples, "shared"), "*.json"))
        {
            await SyntheaSamples.PostBundleAsync(server.Services, await File.ReadAllBytesAsync(file));
        }

        var bundles = await Task.WhenAll(Directory.GetFiles(Path.Combine(samples, "patients"), "*.json").Order().Select(f => File.ReadAllBytesAsync(f)));
        var resources = 0;
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var bundle in bundles)
            {
                resources += await SyntheaSamples.PostBundleAsync(server.Services, bundle);
            }
        }

        var ingestPerSecond = resources / clock.Elapsed.TotalSeconds;

        List<(string Type, string Id)> targets;
        using (var scope = server.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FhirDbContext>();
            targets = (await db.Resources.Where(r => !r.IsDeleted).OrderBy(r => r.ResourceId).Take(500).Select(r => new { r.ResourceType, r.ResourceId }).ToListAsync())
                .Select(r => (r.ResourceType, r.ResourceId)).ToList();
        }

        var latencies = new List<double>[readers];
        var deadline = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, readers).Select(async r =>
        {
            var mine = latencies[r] = [];
            var i = r;
            while (deadline.Elapsed.TotalSeconds < readSeconds)
            {
                var (type, id) = targets[i++ % targets.Count];
                var started = Stopwatch.GetTimestamp();
                using var scope = server.Services.CreateScope();
                var response = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ReadRequest(type, id));
                if (response.StatusCode != 200)
                {
                    throw new InvalidOperationException($"Read of {type}/{id} gave {response.StatusCode}.");
                }

                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Measurement(ingestPerSecond, all.Length / deadline.Elapsed.TotalSeconds, all[all.Length / 2], all[(int)(all.Length * 0.99)]);
    }

    private sealed record Measurement(double IngestPerSecond, double ReadsPerSecond, double ReadP50Ms, double ReadP99Ms);
}
