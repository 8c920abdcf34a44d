using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FhirChain.Bench.Server;
using FhirChain.FhirApi.Auth;
using FhirChain.FhirApi.Consents;
using FhirChain.FhirApi.Export;
using FhirChain.FhirApi.Search;
using FhirChain.FhirApi.Storage;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;

namespace FhirChain.Bench.Consent;

/// <summary>
/// <c>dotnet run -c Release --project bench/FhirChain.Bench -- consent-cost [--db sqlite|postgres]
/// [--copies N] [--rounds R] [--searches S] [--scenarios all,mixed] [--samples folder]</c>: the cost of
/// consent filtering, in one run, over the Synthea samples loaded N times. The same system <c>$export</c>
/// (every type) and the same searches run as an unrestricted client and as a research client,
/// interleaved round by round (the order alternates): first with consents that let the research client
/// see everything (so the difference is the filter alone), then with a mixed population of consents.
/// Reports medians, resources/s and the research/unrestricted ratio (median of the per-round ratios);
/// also the first page of the system history and of the Observation type history (each version judged by its own content for research).
/// </summary>
internal static class ConsentCostRunner
{
    /// <summary>Per caller and query (0: by code with total, 1: by subject), each search's consent preparation and query time (ms).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Caller, int Query), List<(double Prepare, double Query)>> Parts = new();

    private static readonly Caller Research = new(false, "bench-research", SmartScope.ParseAll("system/*.rs"), null, CallerClaims.Research, null, "system/*.rs");

    public static async Task<int> RunAsync(string[] args)
    {
        var database = BenchArgs.Option(args, "--db", "sqlite");
        var copies = BenchArgs.IntOption(args, "--copies", 50);
        var rounds = BenchArgs.IntOption(args, "--rounds", 9);
        var searches = BenchArgs.IntOption(args, "--searches", 20);
        var scenarios = BenchArgs.Option(args, "--scenarios", "all,mixed").Split(',');
        var samples = SyntheaSamples.Find(BenchArgs.Option(args, "--samples", string.Empty));
        if (samples is null)
        {
            Console.Error.WriteLine("--samples: no Synthea folder found (expected ../shared/samples/synthea with shared/ and patients/).");
            return 2;
        }

        Console.WriteLine($"database={database} copies={copies} rounds={rounds} searches/round={searches} cores={Environment.ProcessorCount}");
        await using var server = await ServerUnderTest.StartAsync(database, logEnabled: true, new Dictionary<string, string?> { ["Audit:Enabled"] = "false" });
        var data = new ConsentBenchData(server.Services, samples, copies);
        var seeding = Stopwatch.StartNew();
        await data.SeedAsync();
        Console.WriteLine($"loaded {data.Resources} resources ({data.Patients.Count} patients) in {seeding.Elapsed.TotalSeconds:F0} s");

        foreach (var (scenario, consent) in new (string, Func<Task>)[] { ("all", data.ConsentAllAsync), ("mixed", data.ConsentMixedAsync) }.Where(s => scenarios.Contains(s.Item1)))
        {
            await consent();
            await GatherStatisticsAsync(server.Services, database);
            await RunScenarioAsync(server.Services, scenario, data.Patients, rounds, searches);
        }

        return 0;
    }

    private static async Task RunScenarioAsync(IServiceProvider services, string scenario, IReadOnlyList<string> patients, int rounds, int searches)
    {
        // Warm-up (JIT, query compilation, consent parsing), not measured.
        foreach (var caller in new[] { Caller.Unrestricted, Research })
        {
            await ExportAsync(services, caller);
            await SearchAsync(services, caller, 2, patients);
        }

        var export = new Dictionary<Caller, List<(double Ms, int Count)>> { [Caller.Unrestricted] = [], [Research] = [] };
        var search = new Dictionary<Caller, List<double>> { [Caller.Unrestricted] = [], [Research] = [] };
        var history = new Dictionary<Caller, List<(double Ms, int Total)>> { [Caller.Unrestricted] = [], [Research] = [] };
        var typeHistory = new Dictionary<Caller, List<(double Ms, int Total)>> { [Caller.Unrestricted] = [], [Research] = [] };
        for (var round = 0; round < rounds; round++)
        {
            foreach (var caller in round % 2 == 0 ? new[] { Caller.Unrestricted, Research } : [Research, Caller.Unrestricted])
            {
                export[caller].Add(await ExportAsync(services, caller));
                search[caller].Add(await SearchAsync(services, caller, searches, patients));
                history[caller].Add(await HistoryAsync(services, caller));
                typeHistory[caller].Add(await HistoryAsync(services, caller, "Observation"));
            }
        }

        var exported = export.ToDictionary(e => e.Key, e => e.Value[0].Count);
        double Median(IEnumerable<double> values) => values.Order().ElementAt(values.Count() / 2);
        var exportMs = export.ToDictionary(e => e.Key, e => Median(e.Value.Select(v => v.Ms)));
        var searchMs = search.ToDictionary(e => e.Key, e => Median(e.Value));
        var exportRatio = Median(Enumerable.Range(0, rounds).Select(r => export[Research][r].Ms / export[Caller.Unrestricted][r].Ms));
        var searchRatio = Median(Enumerable.Range(0, rounds).Select(r => search[Research][r] / search[Caller.Unrestricted][r]));

        Console.WriteLine();
        Console.WriteLine(scenario == "all" ? "## research sees all data (all consents permit)" : "## mixed consents");
        Console.WriteLine("| client | export ms | resources | resources/s | search ms (mean of a round) | searches/s |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, caller) in new[] { ("unrestricted", Caller.Unrestricted), ("research", Research) })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {exportMs[caller]:F1} | {exported[caller]} | {exported[caller] / exportMs[caller] * 1000:F0} | {searchMs[caller]:F2} | {1000 / searchMs[caller]:F0} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"research / unrestricted time (median of {rounds} paired rounds): export {exportRatio:F2} ({(exportRatio - 1) * 100:+0;-0}%), search {searchRatio:F2} ({(searchRatio - 1) * 100:+0;-0}%)"));
        foreach (var (name, caller) in new[] { ("unrestricted", Caller.Unrestricted), ("research", Research) })
        {
            foreach (var (query, label) in new[] { (0, "code (with total)"), (1, "subject") })
            {
                var parts = Parts.GetOrAdd((caller.Subject, query), _ => []);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {name} {label}: consents prepared in {Median(parts.Select(p => p.Prepare)):F2} ms, query {Median(parts.Select(p => p.Query)):F2} ms (medians of {parts.Count})"));
            }
        }

        Parts.Clear();
        Console.WriteLine("per round, export: " + string.Join(' ', Enumerable.Range(0, rounds).Select(r => (export[Research][r].Ms / export[Caller.Unrestricted][r].Ms).ToString("F2", CultureInfo.InvariantCulture))));
        foreach (var (label, times) in new[] { ("system history", history), ("Observation type history", typeHistory) })
        {
            var ratio = Median(Enumerable.Range(0, rounds).Select(r => times[Research][r].Ms / times[Caller.Unrestricted][r].Ms));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label}, first page of 100 (median ms): unrestricted {Median(times[Caller.Unrestricted].Select(h => h.Ms)):F1} (total {times[Caller.Unrestricted][0].Total}), research {Median(times[Research].Select(h => h.Ms)):F1} (total {times[Research][0].Total}), ratio {ratio:F2}"));
        }
    }

    /// <summary>The first page (100 versions) of the system history (or a type's) as the caller, through the request pipeline: its time and the bundle's total.</summary>
    private static async Task<(double Ms, int Total)> HistoryAsync(IServiceProvider services, Caller caller, string? type = null)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerAccessor>().Set(caller);
        var watch = Stopwatch.StartNew();
        var response = await scope.ServiceProvider.GetRequiredService<Mediator.ISender>()
            .Send(new FhirChain.FhirApi.Interactions.History.HistoryRequest(type, null, [new("_count", "100")], "http://bench/fhir"), CancellationToken.None);
        await WriteBodyAsync(scope.ServiceProvider, response);
        var elapsed = watch.Elapsed.TotalMilliseconds;
        return (elapsed, ((Bundle)response.Resource!).Total ?? -1);
    }

    /// <summary>
    /// PostgreSQL plans from statistics that autovacuum gathers within a minute or two of a bulk load; the
    /// benchmark gathers them at once rather than measure plans made for empty tables. SQLite keeps none
    /// (the server never runs ANALYZE), so it is measured as it runs.
    /// </summary>
    private static async Task GatherStatisticsAsync(IServiceProvider services, string database)
    {
        if (database == "postgres")
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<FhirDbContext>().Database.ExecuteSqlRawAsync("ANALYZE");
        }
    }

    /// <summary>Runs a system export of every type as the caller; its time and the number of resources exported.</summary>
    private static async Task<(double Ms, int Count)> ExportAsync(IServiceProvider services, Caller caller)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FhirDbContext>();
        var job = new ExportJobRow
        {
            Id = Guid.NewGuid().ToString("N"),
            Status = ExportStatus.Running,
            Level = "system",
            RequestUrl = "http://bench/fhir/$export",
            BaseUrl = "http://bench/fhir",
            CallerJson = StoredCaller.ToJson(caller),
            TransactionTimeMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        };
        db.ExportJobs.Add(job);
        await db.SaveChangesAsync();
        var watch = Stopwatch.StartNew();
        await scope.ServiceProvider.GetRequiredService<ExportJobProcessor>().RunAsync(job, CancellationToken.None);
        var elapsed = watch.Elapsed.TotalMilliseconds;
        var manifest = await db.ExportJobs.AsNoTracking().Where(j => j.Id == job.Id).Select(j => j.ManifestJson).SingleAsync();
        using var document = JsonDocument.Parse(manifest ?? throw new InvalidOperationException($"Export job {job.Id} did not complete."));
        var count = document.RootElement.GetProperty("output").EnumerateArray().Sum(o => o.GetProperty("count").GetInt32());
        var options = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ExportOptions>>().Value;
        ExportFiles.Delete(options, job.Id);
        return (elapsed, count);
    }

    /// <summary>Mean time of the searches: <c>Observation?code=</c> (with total) and <c>Observation?subject=</c>, alternately.</summary>
    private static async Task<double> SearchAsync(IServiceProvider services, Caller caller, int count, IReadOnlyList<string> patients)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var start = watch.Elapsed.TotalMilliseconds;
            await using var scope = services.CreateAsyncScope();
            var data = scope.ServiceProvider.GetRequiredService<DataScope>();
            data.Begin(caller);
            await data.PrepareAsync(CancellationToken.None);
            var prepared = watch.Elapsed.TotalMilliseconds;
            List<KeyValuePair<string, string>> query = i % 2 == 0
                ? [new("code", "http://loinc.org|" + ConsentBenchData.BodyWeight), new("_count", "100")]
                : [new("subject", $"Patient/{patients[i * 37 % patients.Count]}")];
            var response = await scope.ServiceProvider.GetRequiredService<SearchService>()
                .SearchTypeAsync("Observation", query, strict: true, "http://bench/fhir", CancellationToken.None);
            await WriteBodyAsync(scope.ServiceProvider, response);
            var parts = Parts.GetOrAdd((caller.Subject, i % 2), _ => []);
            lock (parts)
            {
                parts.Add((prepared - start, watch.Elapsed.TotalMilliseconds - prepared));
            }
        }

        return watch.Elapsed.TotalMilliseconds / count;
    }

    /// <summary>
    /// Writes the response's JSON body as the server would (stored JSON streamed where it can be), so a
    /// search and a history page are timed alike, up to the bytes a client receives.
    /// </summary>
    private static Task WriteBodyAsync(IServiceProvider services, FhirChain.FhirApi.Fhir.FhirResponse response) =>
        FhirChain.FhirApi.Rest.FhirBodyWriter.WriteAsync(Stream.Null, response, services.GetRequiredService<FhirChain.FhirApi.Fhir.FhirSerializer>(), FhirChain.FhirApi.Fhir.FhirFormat.Json, pretty: false, filter: null, CancellationToken.None);
}
