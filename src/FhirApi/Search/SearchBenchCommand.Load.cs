using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using FhirChain.FhirApi.Bundles;
using FhirChain.FhirApi.Fhir;
using Hl7.Fhir.Model;
using Mediator;

namespace FhirChain.FhirApi.Search;

/// <summary>Loading a run's data, and the write cost of indexing measured on the way.</summary>
internal static partial class SearchBenchCommand
{
    private const int BatchSize = 500;
    private const int FamilyNames = 200;

    /// <summary>Rounds of (indexing off, indexing on) batches: alternating keeps the two modes on the same database size and machine load.</summary>
    private const int CostRounds = 4;

    private static async Task<BenchRun> LoadAsync(IServiceProvider services, BenchPlan plan, CancellationToken cancellationToken)
    {
        var templates = LoadTemplates(plan.Samples!);
        Console.WriteLine($"templates: {templates.Count} Synthea Observations from {plan.Samples}");
        var run = new BenchRun(Guid.NewGuid().ToString("N")[..6], plan.Patients, plan.Observations);
        Console.WriteLine($"loading run {run.Id} (search it again later with --skip-load --run {run.Id})");

        var patients = await IngestAsync(services, Enumerable.Range(0, run.Patients).Select(i => (Resource)new Patient
        {
            Id = $"{IdPrefix}{run.Id}-p{i}",
            Name = [new HumanName { Family = $"Bench{run.Id}Family{i % FamilyNames}", Given = [$"Given{i}"] }],
            Gender = i % 2 == 0 ? AdministrativeGender.Female : AdministrativeGender.Male,
            BirthDate = $"{1940 + (i % 60)}-01-01",
        }), cancellationToken);
        Console.WriteLine($"patients: {patients.Count} in {patients.Elapsed.TotalSeconds:F1} s");

        IEnumerable<Resource> Observations(int from, int count) => Enumerable.Range(from, count).Select(i =>
        {
            var observation = (Observation)templates[i % templates.Count].DeepCopy();
            observation.Id = $"{IdPrefix}{run.Id}-o{i}";
            observation.Subject = new ResourceReference($"Patient/{IdPrefix}{run.Id}-p{i % run.Patients}");
            observation.Encounter = null;
            return observation;
        });

        var indexer = services.GetRequiredService<SearchIndexer>();
        var chunk = Math.Max(BatchSize, Math.Min(2_000, run.Observations / 30) / BatchSize * BatchSize);
        var next = 0;
        // A warm-up batch first (JIT, connection pool); the cost is then measured at the start and half-way.
        var warmup = await IngestAsync(services, Observations(next, chunk), cancellationToken);
        next += chunk;
        Console.WriteLine($"warm-up: {warmup.Count} Observations at {warmup.Count / warmup.Elapsed.TotalSeconds:F0} resources/s (indexing on)");

        var unindexed = new List<int>();
        async System.Threading.Tasks.Task MeasureCostAsync(string when)
        {
            var (off, on) = (TimeSpan.Zero, TimeSpan.Zero);
            for (var round = 0; round < CostRounds; round++)
            {
                indexer.Enabled = false;
                unindexed.Add(next);
                off += (await IngestAsync(services, Observations(next, chunk), cancellationToken)).Elapsed;
                next += chunk;
                indexer.Enabled = true;
                on += (await IngestAsync(services, Observations(next, chunk), cancellationToken)).Elapsed;
                next += chunk;
            }

            var offRate = CostRounds * chunk / off.TotalSeconds;
            var onRate = CostRounds * chunk / on.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{when}: ingest, indexing off: {offRate:F0} resources/s ({CostRounds} x {chunk})"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{when}: ingest, indexing on:  {onRate:F0} resources/s ({CostRounds} x {chunk}); indexing costs {(1 - (onRate / offRate)) * 100:F0}% of ingest throughput"));
        }

        // Once at the start and once half-way: an index write costs more as the indexes grow (a commit dirties more distinct index pages).
        await MeasureCostAsync($"at the start ({next} Observations stored)");
        var half = (run.Observations / 2) - (CostRounds * chunk);
        if (half > next)
        {
            var filler = await IngestAsync(services, Observations(next, half - next), cancellationToken);
            next = half;
            Console.WriteLine($"loaded {filler.Count} more Observations at {filler.Count / filler.Elapsed.TotalSeconds:F0} resources/s (indexing on)");
            await MeasureCostAsync($"half-way ({next} Observations stored)");
        }

        var rest = await IngestAsync(services, Observations(next, run.Observations - next), cancellationToken);
        Console.WriteLine($"remaining {rest.Count} Observations at {rest.Count / rest.Elapsed.TotalSeconds:F0} resources/s (indexing on)");
        var reindexed = await IngestAsync(services, unindexed.SelectMany(start => Observations(start, chunk)), cancellationToken);
        Console.WriteLine($"{reindexed.Count} Observations of the indexing-off batches written again (version 2) with indexing on, so every Observation is searchable");

        var extractor = services.GetRequiredService<IndexValueExtractor>();
        var extracted = Math.Min(2_000, run.Observations);
        var extractWatch = Stopwatch.StartNew();
        var extractedRows = Observations(0, extracted).Sum(o => extractor.Extract(o).Count);
        Console.WriteLine($"index extraction alone (FHIRPath, no database): {extracted / extractWatch.Elapsed.TotalSeconds:F0} resources/s, {(double)extractedRows / extracted:F1} index rows per Observation");
        return run;
    }

    private static List<Observation> LoadTemplates(string folder)
    {
        var serializer = new FhirSerializer();
        var templates = new List<Observation>();
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            foreach (var entry in JsonNode.Parse(File.ReadAllText(file))!["entry"]!.AsArray())
            {
                var resource = entry!["resource"]!;
                if ((string?)resource["resourceType"] == "Observation")
                {
                    resource.AsObject().Remove("encounter");
                    resource.AsObject().Remove("subject");
                    if (serializer.ParseJson(System.Text.Encoding.UTF8.GetBytes(resource.ToJsonString())).Resource is Observation observation)
                    {
                        templates.Add(observation);
                    }
                }
            }
        }

        return templates;
    }

    private static async Task<(int Count, TimeSpan Elapsed)> IngestAsync(IServiceProvider services, IEnumerable<Resource> resources, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var count = 0;
        foreach (var chunk in resources.Chunk(BatchSize))
        {
            var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
            foreach (var resource in chunk)
            {
                bundle.Entry.Add(new Bundle.EntryComponent
                {
                    Resource = resource,
                    Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"{resource.TypeName}/{resource.Id}" },
                });
            }

            using var scope = services.CreateScope();
            var response = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new BundleRequest(bundle, BaseUrl, true), cancellationToken);
            if (!response.IsSuccess)
            {
                throw new InvalidOperationException($"Loading failed with status {response.StatusCode}.");
            }

            count += chunk.Length;
        }

        return (count, watch.Elapsed);
    }
}
