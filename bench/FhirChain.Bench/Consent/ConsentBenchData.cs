using FhirChain.Bench.Server;
using FhirChain.FhirApi.Storage;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ConsentResource = Hl7.Fhir.Model.Consent;
using Task = System.Threading.Tasks.Task;

namespace FhirChain.Bench.Consent;

/// <summary>
/// The data the consent benchmark exports and searches: the Synthea sample patients loaded several
/// times over (each copy gets new ids, so every copy is another patient with all of its encounters,
/// observations, claims, ...), and the research Consents of one scenario, all written through the
/// normal write path (validation, index, log).
/// </summary>
internal sealed class ConsentBenchData(IServiceProvider services, string samples, int copies)
{
    public const string BodyWeight = "29463-7";
    private const string Loinc = "http://loinc.org";
    private const string TobaccoSmokingStatus = "72166-2";
    private const string BodyHeight = "8302-2";
    private const int ConsentsPerCommit = 200;

    private List<string> patients = [];

    public IReadOnlyList<string> Patients => patients;

    public int Resources { get; private set; }

    public async Task SeedAsync()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(samples, "shared"), "*.json"))
        {
            Resources += await SyntheaSamples.PostBundleAsync(services, await File.ReadAllBytesAsync(file));
        }

        var bundles = await Task.WhenAll(Directory.GetFiles(Path.Combine(samples, "patients"), "*.json").Order().Select(f => File.ReadAllBytesAsync(f)));
        for (var copy = 0; copy < copies; copy++)
        {
            foreach (var bundle in bundles)
            {
                Resources += await SyntheaSamples.PostBundleAsync(services, bundle);
            }
        }

        await using var scope = services.CreateAsyncScope();
        patients = await scope.ServiceProvider.GetRequiredService<FhirDbContext>().Resources.AsNoTracking()
            .Where(r => r.ResourceType == "Patient" && !r.IsDeleted).Select(r => r.ResourceId).OrderBy(id => id).ToListAsync();
    }

    /// <summary>Every patient permits everything but one code nobody has: the research client sees all data, so only the filter differs.</summary>
    public Task ConsentAllAsync() => WriteAsync(patients.Select((p, i) => (Resource)Consent(i, p, Permit(Deny(code: "75622-1")))), []);

    /// <summary>
    /// A mixed population (by patient number modulo 20): 8 permit everything, 2 deny, 2 share only
    /// observations, 2 permit all but the tobacco smoking status, 1 consent expired, 1 shares of its
    /// observations only the body heights (nested exception), 1 has an expired deny exception, 3 have no
    /// consent (opt-in: denied).
    /// </summary>
    public Task ConsentMixedAsync() => WriteAsync(
        patients.Select((p, i) => (i % 20) switch
        {
            < 8 => (Resource)Consent(i, p, Permit()),
            < 10 => Consent(i, p, new ConsentResource.provisionComponent { Type = ConsentResource.ConsentProvisionType.Deny }),
            < 12 => Consent(i, p, Permit(types: ["Observation"])),
            < 14 => Consent(i, p, Permit(Deny(code: TobaccoSmokingStatus))),
            14 => Consent(i, p, Permit(), new Period { Start = "2020-01-01", End = "2021-01-01" }),
            15 => Consent(i, p, Permit(Deny(types: ["Observation"], exceptions: [new ConsentResource.provisionComponent { Code = [new CodeableConcept(Loinc, BodyHeight)] }]))),
            16 => Consent(i, p, Permit(Deny(types: ["Observation"], period: new Period { End = "2021-01-01" }))),
            _ => null,
        }).OfType<Resource>(),
        Enumerable.Range(0, patients.Count).Where(i => i % 20 >= 17).Select(ConsentId));

    private static string ConsentId(int index) => $"bench-consent-{index}";

    private static ConsentResource Consent(int index, string patientId, ConsentResource.provisionComponent provision, Period? period = null)
    {
        provision.Period = period;
        return new ConsentResource
        {
            Id = ConsentId(index),
            Status = ConsentResource.ConsentState.Active,
            Scope = new CodeableConcept("http://terminology.hl7.org/CodeSystem/consentscope", "research"),
            Category = [new CodeableConcept(Loinc, "57016-8")],
            Patient = new ResourceReference($"Patient/{patientId}"),
            Provision = provision,
        };
    }

    private static ConsentResource.provisionComponent Permit(params ConsentResource.provisionComponent[] exceptions) => new()
    {
        Type = ConsentResource.ConsentProvisionType.Permit,
        Provision = [.. exceptions],
    };

    private static ConsentResource.provisionComponent Permit(string[] types) => new()
    {
        Type = ConsentResource.ConsentProvisionType.Permit,
        Class = [.. types.Select(t => new Coding("http://hl7.org/fhir/resource-types", t))],
    };

    private static ConsentResource.provisionComponent Deny(string? code = null, string[]? types = null, ConsentResource.provisionComponent[]? exceptions = null, Period? period = null) => new()
    {
        Type = ConsentResource.ConsentProvisionType.Deny,
        Code = code is null ? [] : [new CodeableConcept(Loinc, code)],
        Class = [.. (types ?? []).Select(t => new Coding("http://hl7.org/fhir/resource-types", t))],
        Provision = [.. exceptions ?? []],
        Period = period,
    };

    /// <summary>Puts the consents and deletes those of the patients who have none in this scenario.</summary>
    private async Task WriteAsync(IEnumerable<Resource> consents, IEnumerable<string> deleted)
    {
        foreach (var chunk in consents.Chunk(ConsentsPerCommit))
        {
            await using var scope = services.CreateAsyncScope();
            await using var session = await scope.ServiceProvider.GetRequiredService<ResourceStore>().BeginWriteAsync(CancellationToken.None);
            foreach (var resource in chunk)
            {
                await session.PutAsync(resource, CancellationToken.None);
            }

            await session.CommitAsync(CancellationToken.None);
        }

        foreach (var chunk in deleted.Chunk(ConsentsPerCommit))
        {
            await using var scope = services.CreateAsyncScope();
            await using var session = await scope.ServiceProvider.GetRequiredService<ResourceStore>().BeginWriteAsync(CancellationToken.None);
            foreach (var id in chunk)
            {
                await session.DeleteAsync("Consent", id, CancellationToken.None);
            }

            await session.CommitAsync(CancellationToken.None);
        }
    }
}
