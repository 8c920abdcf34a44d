using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Interactions.Search;
using FhirChain.FhirApi.Rest;
using FhirChain.FhirApi.Storage;
using Hl7.Fhir.Model;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// <c>search-bench</c>: loads N Observations cloned from Synthea bundles (new ids, subjects spread
/// over generated patients) into the configured database through the normal write path, measures
/// ingest with search indexing off and on, then p50/p99 of typical searches sent as search requests
/// (pipeline, SQL, Bundle building and writing the JSON body the HTTP result would write, into
/// memory; no HTTP), and the process's CPU time per search (all threads, the collector's included: on a
/// loaded machine it moves less than the wall-clock times). Database from the usual configuration, e.g.
/// <c>Storage__Provider=PostgreSql ConnectionStrings__Fhir=...</c>. <c>--skip-load</c> measures
/// the searches again on the data an earlier run left in that database.
/// </summary>
internal static partial class SearchBenchCommand
{
    private const string BaseUrl = "http://localhost/fhir";
    private const string IdPrefix = "bench-";

    public static Command Create()
    {
        var observations = new Option<int>("--observations") { Description = "Observations to load", DefaultValueFactory = _ => 120_000 };
        var patients = new Option<int>("--patients") { Description = "Patients the Observations are spread over", DefaultValueFactory = _ => 1_000 };
        var samples = new Option<string>("--synthea") { Description = "Folder of Synthea patient bundles", DefaultValueFactory = _ => "/work/shared/samples/synthea/patients" };
        var repeats = new Option<int>("--repeats") { Description = "Timed runs per query", DefaultValueFactory = _ => 200 };
        var skipLoad = new Option<bool>("--skip-load") { Description = "Load nothing: search the data of an earlier run in the same database (the newest, or --run)" };
        var run = new Option<string?>("--run") { Description = "With --skip-load: the run id to search (printed by the loading run); default: the newest run" };
        var command = new Command("search-bench", "Load Synthea-based Observations and report search latency and indexing cost.")
        {
            observations, patients, samples, repeats, skipLoad, run,
        };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(skipLoad)
                ? new BenchPlan(null, 0, parse.GetValue(run), parse.GetValue(repeats))
                : new BenchPlan(parse.GetValue(samples)!, Math.Max(5_000, parse.GetValue(observations)), null, parse.GetValue(repeats)) { Patients = Math.Max(50, parse.GetValue(patients)) },
            ct));
        return command;
    }

    private static async Task<int> RunAsync(BenchPlan plan, CancellationToken cancellationToken)
    {
        using var host = await Cli.CliHost.StartAsync([], cancellationToken);
        var services = host.Services;
        var run = plan.Samples is null
            ? await FindRunAsync(services, plan.RunId, cancellationToken)
            : await LoadAsync(services, plan, cancellationToken);
        if (run is null)
        {
            await Console.Error.WriteLineAsync(plan.RunId is null
                ? "No search-bench data in this database: run search-bench once without --skip-load."
                : $"No search-bench run '{plan.RunId}' in this database.");
            return 2;
        }

        Console.WriteLine($"run {run.Id}: {run.Patients} patients, {run.Observations} Observations");
        await SettleAsync(services, cancellationToken);
        await MeasureSearchesAsync(services, run, Math.Max(10, plan.Repeats), cancellationToken);
        return 0;
    }

    /// <summary>The newest run in the database (or the one named): its patients were loaded first, so <c>p0</c> marks it.</summary>
    private static async Task<BenchRun?> FindRunAsync(IServiceProvider services, string? runId, CancellationToken cancellationToken)
    {
        await using var db = services.GetRequiredService<IFhirDbContextFactory>().CreateDbContext();
        var firstPatient = runId is null
            ? await db.Resources.Where(r => r.ResourceType == "Patient" && r.ResourceId.StartsWith(IdPrefix) && r.ResourceId.EndsWith("-p0"))
                .OrderByDescending(r => r.LastUpdatedMs).Select(r => r.ResourceId).FirstOrDefaultAsync(cancellationToken)
            : $"{IdPrefix}{runId}-p0";
        if (firstPatient is null)
        {
            return null;
        }

        var id = firstPatient[IdPrefix.Length..^"-p0".Length];
        var patientPrefix = $"{IdPrefix}{id}-p";
        var observationPrefix = $"{IdPrefix}{id}-o";
        var patients = await db.Resources.CountAsync(r => r.ResourceType == "Patient" && r.ResourceId.StartsWith(patientPrefix) && !r.IsDeleted, cancellationToken);
        var observations = await db.Resources.CountAsync(r => r.ResourceType == "Observation" && r.ResourceId.StartsWith(observationPrefix) && !r.IsDeleted, cancellationToken);
        return patients == 0 ? null : new BenchRun(id, patients, observations);
    }

    private static async System.Threading.Tasks.Task MeasureSearchesAsync(IServiceProvider services, BenchRun run, int repeats, CancellationToken cancellationToken)
    {
        var (topCode, topCount) = await MostFrequentCodeAsync(services, cancellationToken);
        Console.WriteLine($"most frequent Observation code: http://loinc.org|{topCode}, {topCount} indexed Observations{(topCount < 10_000 ? " (fewer than 10,000: load more Observations for the count target)" : string.Empty)}");
        var patient = $"{IdPrefix}{run.Id}-p{Math.Min(42, run.Patients - 1)}";
        var family = $"Bench{run.Id}Family{7 % Math.Min(FamilyNames, run.Patients)}";
        var queries = new (string Name, string Type, string Query)[]
        {
            ("Patient?family=", "Patient", $"family={family}"),
            ("Observation?code=&date=ge", "Observation", $"code=http://loinc.org|{topCode}&date=ge2015-01-01"),
            ("Observation?subject=", "Observation", $"subject=Patient/{patient}"),
            ("chained subject:Patient.family=&code=", "Observation", $"subject:Patient.family={family}&code={topCode}"),
            ("Patient?_id=&_revinclude=Observation:subject", "Patient", $"_id={patient}&_revinclude=Observation:subject"),
            ($"Observation?code={topCode}&_summary=count", "Observation", $"code=http://loinc.org|{topCode}&_summary=count"),
            ("Observation?category=vital-signs&_summary=count", "Observation", "category=vital-signs&_summary=count"),
        };

        using var searchScope = services.CreateScope();
        var sender = searchScope.ServiceProvider.GetRequiredService<ISender>();
        var serializer = searchScope.ServiceProvider.GetRequiredService<FhirSerializer>();
        using var body = new MemoryStream();
        using var process = Process.GetCurrentProcess();
        foreach (var (name, type, query) in queries)
        {
            var parameters = QueryStrings.Parse(query);
            var bundle = (await sender.Send(new SearchRequest(type, parameters, true, BaseUrl), cancellationToken)).Resource as Bundle;
            var times = new List<double>(repeats);
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            for (var i = 0; i < repeats; i++)
            {
                body.SetLength(0);
                var watch = Stopwatch.StartNew();
                var response = await sender.Send(new SearchRequest(type, parameters, true, BaseUrl), cancellationToken);
                await FhirBodyWriter.WriteAsync(body, response, serializer, FhirFormat.Json, pretty: false, filter: null, cancellationToken);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / repeats;
            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-52} total={bundle?.Total,7} entries={bundle?.Entry.Count,3} bytes={body.Length,7} p50={times[times.Count / 2],7:F2} ms p99={times[(int)(times.Count * 0.99)],7:F2} ms cpu={cpu,6:F2} ms"));
        }
    }

    /// <summary>
    /// Brings the database to the steady state searches normally meet: on PostgreSQL, statistics and
    /// the visibility map that autovacuum would have produced a minute after the load (SQLite plans
    /// from fixed statistics, see <see cref="SqlitePlannerStatistics"/>); and a collected heap.
    /// </summary>
    private static async System.Threading.Tasks.Task SettleAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetRequiredService<StorageInfo>().Provider == StorageProvider.PostgreSql)
        {
            await using var db = services.GetRequiredService<IFhirDbContextFactory>().CreateDbContext();
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE", cancellationToken);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    /// <summary>The LOINC code most Observations carry, from the index itself (what the count query should be run over).</summary>
    private static async Task<(string Code, int Count)> MostFrequentCodeAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var db = services.GetRequiredService<IFhirDbContextFactory>().CreateDbContext();
        var top = await db.TokenIndex
            .Where(t => t.ResourceType == "Observation" && t.Param == "code" && t.System == "http://loinc.org" && t.Code != null)
            .GroupBy(t => t.Code)
            .Select(g => new { Code = g.Key, Count = g.Count() })
            .OrderByDescending(g => g.Count)
            .FirstOrDefaultAsync(cancellationToken);
        return top is null ? ("unknown", 0) : (top.Code!, top.Count);
    }

    /// <summary>What to do: load from <see cref="Samples"/> (null: search an earlier run, <see cref="RunId"/> or the newest).</summary>
    private sealed record BenchPlan(string? Samples, int Observations, string? RunId, int Repeats)
    {
        public int Patients { get; init; }
    }

    /// <summary>One run's data: ids <c>bench-{Id}-p{i}</c> and <c>bench-{Id}-o{i}</c>.</summary>
    private sealed record BenchRun(string Id, int Patients, int Observations);
}
