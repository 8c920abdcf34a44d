using BenchmarkDotNet.Attributes;
using FhirChain.FhirApi.Auth;
using FhirChain.FhirApi.Consents;
using FhirChain.FhirApi.Export;
using FhirChain.FhirApi.Hosting;
using FhirChain.FhirApi.Search;
using FhirChain.FhirApi.Storage;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ConsentResource = Hl7.Fhir.Model.Consent;
using Task = System.Threading.Tasks.Task;

namespace FhirChain.Bench.Consent;

/// <summary>
/// The cost of consent filtering: the same search and the same export as an unrestricted client and
/// as a research client (purpose HRESCH) for whom every patient has a permitting research Consent with
/// one deny exception, so both see the same data and the difference is the filter alone. Export
/// resources/s = exported resources / mean.
/// Run: dotnet run -c Release --project bench/FhirChain.Bench -- --filter '*ConsentFilter*'
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class ConsentFilterBenchmarks
{
    private const int Patients = 200;
    private const int ObservationsPerPatient = 10;

    private static readonly Caller Research = new(false, "bench-research", SmartScope.ParseAll("system/*.rs"), null, CallerClaims.Research, null, "system/*.rs");

    private IHost host = null!;
    private string directory = null!;

    public static int ExportedResources => Patients * (ObservationsPerPatient + 1);

    [GlobalSetup]
    public void Setup()
    {
        directory = Path.Combine(Path.GetTempPath(), "fhirchain-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["ConnectionStrings:Fhir"] = $"Data Source={Path.Combine(directory, "fhir.db")}",
            ["Provenance:SigningKeyPath"] = Path.Combine(directory, "log.key"),
            ["Provenance:WitnessPath"] = Path.Combine(directory, "witness"),
            ["Export:Directory"] = Path.Combine(directory, "exports"),
            ["Export:RunJobs"] = "false",
            ["Mllp:Port"] = "0",
        });
        builder.Logging.ClearProviders();
        builder.Services.AddFhirChain(builder.Configuration);
        host = builder.Build();
        DatabaseInitializer.InitializeAsync(host.Services.GetRequiredService<IFhirDbContextFactory>(), host.Services.GetRequiredService<StorageInfo>(), CancellationToken.None).GetAwaiter().GetResult();
        SeedAsync().GetAwaiter().GetResult();
        Console.WriteLine($"// {Patients} patients, {Patients * ObservationsPerPatient} observations, {Patients} research consents; export = {ExportedResources} resources");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public Task<int> Search_observations_unrestricted() => SearchAsync(Caller.Unrestricted);

    [Benchmark]
    public Task<int> Search_observations_research() => SearchAsync(Research);

    [Benchmark]
    public Task Export_patients_and_observations_unrestricted() => ExportAsync(Caller.Unrestricted);

    [Benchmark]
    public Task Export_patients_and_observations_research() => ExportAsync(Research);

    private async Task<int> SearchAsync(Caller caller)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var data = scope.ServiceProvider.GetRequiredService<DataScope>();
        data.Begin(caller);
        await data.PrepareAsync(CancellationToken.None);
        var search = scope.ServiceProvider.GetRequiredService<SearchService>();
        var response = await search.SearchTypeAsync("Observation", [new("code", "http://loinc.org|8867-4"), new("_count", "100")], strict: true, "http://bench/fhir", CancellationToken.None);
        return ((Bundle)response.Resource!).Total ?? 0;
    }

    private async Task ExportAsync(Caller caller)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FhirDbContext>();
        var job = new ExportJobRow
        {
            Id = Guid.NewGuid().ToString("N"),
            Status = ExportStatus.Running,
            Level = "system",
            Types = "Patient,Observation",
            RequestUrl = "http://bench/fhir/$export",
            BaseUrl = "http://bench/fhir",
            CallerJson = StoredCaller.ToJson(caller),
            TransactionTimeMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        };
        db.ExportJobs.Add(job);
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<ExportJobProcessor>().RunAsync(job, CancellationToken.None);
    }

    private async Task SeedAsync()
    {
        for (var p = 0; p < Patients; p++)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<ResourceStore>();
            await using var session = await store.BeginWriteAsync(CancellationToken.None);
            var patientId = $"p{p}";
            await session.PutAsync(new Patient { Id = patientId, Name = [new HumanName { Family = "Bench" + p }], BirthDate = "1970-01-01" }, CancellationToken.None);
            for (var o = 0; o < ObservationsPerPatient; o++)
            {
                await session.PutAsync(new Observation
                {
                    Id = $"p{p}-o{o}",
                    Status = ObservationStatus.Final,
                    Code = new CodeableConcept("http://loinc.org", o % 2 == 0 ? "8867-4" : "29463-7"),
                    Subject = new ResourceReference($"Patient/{patientId}"),
                    Value = new Quantity(60 + o, "/min"),
                }, CancellationToken.None);
            }

            await session.PutAsync(new ConsentResource
            {
                Id = $"p{p}-consent",
                Status = ConsentResource.ConsentState.Active,
                Scope = new CodeableConcept("http://terminology.hl7.org/CodeSystem/consentscope", "research"),
                Category = [new CodeableConcept("http://loinc.org", "57016-8")],
                Patient = new ResourceReference($"Patient/{patientId}"),
                Provision = new ConsentResource.provisionComponent
                {
                    Type = ConsentResource.ConsentProvisionType.Permit,
                    Provision = [new ConsentResource.provisionComponent { Type = ConsentResource.ConsentProvisionType.Deny, Code = [new CodeableConcept("http://loinc.org", "75622-1")] }],
                },
            }, CancellationToken.None);
            await session.CommitAsync(CancellationToken.None);
        }
    }
}
