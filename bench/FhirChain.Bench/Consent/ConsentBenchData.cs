using FhirChain.FhirApi.Storage;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using ConsentResource = Hl7.Fhir.Model.Consent;
using Task = System.Threading.Tasks.Task;

namespace FhirChain.Bench.Consent;

/// <summary>
/// The data the consent benchmark exports and searches: patients with observations (four LOINC codes in
/// turn, each naming one of a few practitioners as performer, every tenth also the next patient), and
/// the research Consents of one scenario, written through the normal write path (index, log).
/// </summary>
internal sealed class ConsentBenchData(IServiceProvider services, int patients, int observationsPerPatient)
{
    public const string HeartRate = "8867-4";
    public const string Weight = "29463-7";
    public const string Systolic = "8480-6";
    public const string Glucose = "2339-0";
    private const string Loinc = "http://loinc.org";
    private const int Practitioners = 20;
    private const int PatientsPerCommit = 25;
    private static readonly string[] Codes = [HeartRate, Weight, Systolic, Glucose];

    public int Resources => patients * (observationsPerPatient + 1) + Practitioners;

    public async Task SeedAsync()
    {
        await WriteAsync(Enumerable.Range(0, Practitioners).Select(k => (Resource)new Practitioner { Id = $"prac-{k}", Name = [new HumanName { Family = "Bench" + k }] }));
        await WriteAsync(Enumerable.Range(0, patients).SelectMany(PatientData));
    }

    /// <summary>Every patient permits everything but one code nobody has: the research client sees all data, so only the filter differs.</summary>
    public Task ConsentAllAsync() => WriteAsync(Enumerable.Range(0, patients).Select(p => (Resource)Consent(p, Permit(Deny(code: "75622-1")))));

    /// <summary>
    /// A mixed population (by patient number modulo 20): 8 permit everything, 2 deny, 2 share only
    /// observations, 2 permit all but systolic pressure, 1 consent expired, 1 permits only heart rate among
    /// observations (nested exception), 1 has an expired deny exception, 3 have no consent (opt-in: denied).
    /// </summary>
    public Task ConsentMixedAsync() => WriteAsync(Enumerable.Range(0, patients).Select(p => (p % 20) switch
    {
        < 8 => (Resource)Consent(p, Permit()),
        < 10 => Consent(p, new ConsentResource.provisionComponent { Type = ConsentResource.ConsentProvisionType.Deny }),
        < 12 => Consent(p, Permit(types: ["Observation"])),
        < 14 => Consent(p, Permit(Deny(code: Systolic))),
        14 => Consent(p, Permit(), new Period { Start = "2020-01-01", End = "2021-01-01" }),
        15 => Consent(p, Permit(Deny(types: ["Observation"], exceptions: [new ConsentResource.provisionComponent { Code = [new CodeableConcept(Loinc, HeartRate)] }]))),
        16 => Consent(p, Permit(Deny(types: ["Observation"], period: new Period { End = "2021-01-01" }))),
        _ => null,
    }).OfType<Resource>(), Enumerable.Range(0, patients).Where(p => p % 20 >= 17).Select(p => $"p{p}-consent"));

    private IEnumerable<Resource> PatientData(int p)
    {
        yield return new Patient { Id = $"p{p}", Name = [new HumanName { Family = "Bench" + p }], BirthDate = "1970-01-01" };
        for (var o = 0; o < observationsPerPatient; o++)
        {
            var observation = new Observation
            {
                Id = $"p{p}-o{o}",
                Status = ObservationStatus.Final,
                Code = new CodeableConcept(Loinc, Codes[o % Codes.Length]),
                Subject = new ResourceReference($"Patient/p{p}"),
                Performer = [new ResourceReference($"Practitioner/prac-{(p + o) % Practitioners}")],
                Effective = new FhirDateTime(2024, 1, 1 + (o % 28)),
                Value = new Quantity(60 + o, "/min"),
            };
            if (o % 10 == 9)
            {
                observation.Performer.Add(new ResourceReference($"Patient/p{(p + 1) % patients}"));
            }

            yield return observation;
        }
    }

    private static ConsentResource Consent(int p, ConsentResource.provisionComponent provision, Period? period = null)
    {
        provision.Period = period;
        return new ConsentResource
        {
            Id = $"p{p}-consent",
            Status = ConsentResource.ConsentState.Active,
            Scope = new CodeableConcept("http://terminology.hl7.org/CodeSystem/consentscope", "research"),
            Category = [new CodeableConcept(Loinc, "57016-8")],
            Patient = new ResourceReference($"Patient/p{p}"),
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

    private async Task WriteAsync(IEnumerable<Resource> resources, IEnumerable<string>? deletedConsents = null)
    {
        foreach (var chunk in resources.Chunk(PatientsPerCommit * (observationsPerPatient + 1)))
        {
            await using var scope = services.CreateAsyncScope();
            await using var session = await scope.ServiceProvider.GetRequiredService<ResourceStore>().BeginWriteAsync(CancellationToken.None);
            foreach (var resource in chunk)
            {
                await session.PutAsync(resource, CancellationToken.None);
            }

            await session.CommitAsync(CancellationToken.None);
        }

        foreach (var chunk in (deletedConsents ?? []).Chunk(500))
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
