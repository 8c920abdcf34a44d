using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using FhirChain.FhirApi.Bundles;
using FhirChain.FhirApi.Cli;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Interactions.Search;
using Hl7.Fhir.Model;
using Mediator;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// <c>search-bench</c>: loads N Observations cloned from Synthea bundles (new ids, subjects spread
/// over generated patients) into the configured database through the normal write path, measures
/// ingest with search indexing off and on, then p50/p99 of typical searches sent as search requests
/// (pipeline, SQL and Bundle building; no HTTP). Database from the usual configuration, e.g.
/// <c>Storage__Provider=PostgreSql ConnectionStrings__Fhir=...</c>.
/// </summary>
internal static class SearchBenchCommand
{
    private const int BatchSize = 500;
    private const string BaseUrl = "http://localhost/fhir";

    public static Command Create()
    {
        var observations = new Option<int>("--observations") { Description = "Observations to load", DefaultValueFactory = _ => 100_000 };
        var patients = new Option<int>("--patients") { Description = "Patients the Observations are spread over", DefaultValueFactory = _ => 1_000 };
        var samples = new Option<string>("--synthea") { Description = "Folder of Synthea patient bundles", DefaultValueFactory = _ => "/work/shared/samples/synthea/patients" };
        var repeats = new Option<int>("--repeats") { Description = "Timed runs per query", DefaultValueFactory = _ => 200 };
        var command = new Command("search-bench", "Load Synthea-based Observations and report search latency and indexing cost.");
        command.Options.Add(observations);
        command.Options.Add(patients);
        command.Options.Add(samples);
        command.Options.Add(repeats);
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(observations), parse.GetValue(patients), parse.GetValue(samples)!, parse.GetValue(repeats), ct));
        return command;
    }

    private static async Task<int> RunAsync(int observationCount, int patientCount, string samples, int repeats, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync([], cancellationToken);
        var services = host.Services;
        var templates = LoadTemplates(samples);
        Console.WriteLine($"templates: {templates.Count} Synthea Observations from {samples}");
        var run = Guid.NewGuid().ToString("N")[..6];

        var patientsLoaded = await IngestAsync(services, Enumerable.Range(0, patientCount).Select(i => (Resource)new Patient
        {
            Id = $"bench-{run}-p{i}",
            Name = [new HumanName { Family = $"Bench{run}Family{i % 200}", Given = [$"Given{i}"] }],
            Gender = i % 2 == 0 ? AdministrativeGender.Female : AdministrativeGender.Male,
            BirthDate = $"{1940 + (i % 60)}-01-01",
        }), cancellationToken);
        Console.WriteLine($"patients: {patientsLoaded.Count} in {patientsLoaded.Elapsed.TotalSeconds:F1} s");

        IEnumerable<Resource> Observations(int from, int count) => Enumerable.Range(from, count).Select(i =>
        {
            var observation = (Observation)templates[i % templates.Count].DeepCopy();
            observation.Id = $"bench-{run}-o{i}";
            observation.Subject = new ResourceReference($"Patient/bench-{run}-p{i % patientCount}");
            observation.Encounter = null;
            return observation;
        });

        var sample = Math.Min(5_000, observationCount / 5);
        var indexer = services.GetRequiredService<SearchIndexer>();
        var warmup = await IngestAsync(services, Observations(3 * sample, sample), cancellationToken);
        Console.WriteLine($"warm-up: {warmup.Count} Observations at {warmup.Count / warmup.Elapsed.TotalSeconds:F0} resources/s (indexing on)");
        indexer.Enabled = false;
        var off = await IngestAsync(services, Observations(0, sample), cancellationToken);
        indexer.Enabled = true;
        var on = await IngestAsync(services, Observations(sample, sample), cancellationToken);
        var rest = await IngestAsync(services, Observations(4 * sample, observationCount - (4 * sample)).Concat(Observations(2 * sample, sample)), cancellationToken);
        var offRate = off.Count / off.Elapsed.TotalSeconds;
        var onRate = on.Count / on.Elapsed.TotalSeconds;
        Console.WriteLine($"ingest, indexing off: {offRate:F0} resources/s ({off.Count})");
        Console.WriteLine($"ingest, indexing on:  {onRate:F0} resources/s ({on.Count}); indexing share of ingest time: {(1 - (onRate / offRate)) * 100:F0}%");
        Console.WriteLine($"remaining {rest.Count} Observations at {rest.Count / rest.Elapsed.TotalSeconds:F0} resources/s (indexing on)");
        Console.WriteLine($"note: the first {off.Count} Observations are not indexed, so searches see {observationCount - off.Count} indexed Observations");

        var extractor = services.GetRequiredService<IndexValueExtractor>();
        var extractWatch = Stopwatch.StartNew();
        var extractedRows = 0;
        foreach (var observation in Observations(0, Math.Min(2_000, observationCount)))
        {
            extractedRows += extractor.Extract(observation).Count;
        }

        var extracted = Math.Min(2_000, observationCount);
        Console.WriteLine($"index extraction alone (FHIRPath, no database): {extracted / extractWatch.Elapsed.TotalSeconds:F0} resources/s, {(double)extractedRows / extracted:F1} index rows per Observation");

        using var searchScope = services.CreateScope();
        var sender = searchScope.ServiceProvider.GetRequiredService<ISender>();
        var topCode = templates.GroupBy(o => o.Code.Coding[0].Code).OrderByDescending(g => g.Count()).First().Key;
        var queries = new (string Name, string Type, string Query)[]
        {
            ("Patient?family=", "Patient", $"family=Bench{run}Family7"),
            ("Observation?code=&date=ge", "Observation", $"code=http://loinc.org|{topCode}&date=ge2015-01-01"),
            ("Observation?subject=", "Observation", $"subject=Patient/bench-{run}-p42"),
            ("chained subject:Patient.family=", "Observation", $"subject:Patient.family=Bench{run}Family7&code={topCode}"),
            ("Patient?_id=&_revinclude=Observation:subject", "Patient", $"_id=bench-{run}-p42&_revinclude=Observation:subject"),
            ($"Observation?code={topCode}&_summary=count", "Observation", $"code=http://loinc.org|{topCode}&_summary=count"),
            ("Observation?category=vital-signs&_summary=count", "Observation", "category=vital-signs&_summary=count"),
        };
        foreach (var (name, type, query) in queries)
        {
            var parameters = QueryStrings.Parse(query);
            var first = await sender.Send(new SearchRequest(type, parameters, true, BaseUrl), cancellationToken);
            var bundle = first.Resource as Bundle;
            var times = new List<double>(repeats);
            for (var i = 0; i < repeats; i++)
            {
                var watch = Stopwatch.StartNew();
                await sender.Send(new SearchRequest(type, parameters, true, BaseUrl), cancellationToken);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-52} total={bundle?.Total,7} entries={bundle?.Entry.Count,3} p50={times[times.Count / 2],7:F2} ms p99={times[(int)(times.Count * 0.99)],7:F2} ms"));
        }

        return 0;
    }

    private static List<Observation> LoadTemplates(string folder)
    {
        var serializer = new FhirSerializer();
        var templates = new List<Observation>();
        foreach (var file in Directory.GetFiles(folder, "*.json"))
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
