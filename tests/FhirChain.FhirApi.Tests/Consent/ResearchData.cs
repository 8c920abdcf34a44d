using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;
using ConsentResource = Hl7.Fhir.Model.Consent;

namespace FhirChain.FhirApi.Tests.Consent;

/// <summary>Builders for the patients, observations and research consents the consent tests store.</summary>
public static class ResearchData
{
    public const string Loinc = "http://loinc.org";
    public const string HeartRate = "8867-4";
    public const string HivTest = "75622-1";

    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    public static Patient Patient(string id) => new()
    {
        Id = id,
        Name = [new HumanName { Family = "Doe-" + id, Given = ["Jo"] }],
        BirthDate = "1980-04-12",
        Identifier = [new Identifier("urn:test:mrn", id)],
        Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, "555-0100")],
    };

    public static Observation Observation(string id, string patientId, string code, string? performerPatientId = null) => new()
    {
        Id = id,
        Status = ObservationStatus.Final,
        Code = new CodeableConcept(Loinc, code),
        Subject = new ResourceReference($"Patient/{patientId}") { Display = "Doe-" + patientId },
        Performer = performerPatientId is null ? [] : [new ResourceReference($"Patient/{performerPatientId}")],
        Effective = new FhirDateTime("2024-03-05T10:30:00Z"),
        Value = new Quantity(72, "/min"),
    };

    public static ConsentResource ResearchConsent(string id, string patientId, ConsentResource.ConsentProvisionType type, params ConsentResource.provisionComponent[] exceptions) => new()
    {
        Id = id,
        Status = ConsentResource.ConsentState.Active,
        Scope = new CodeableConcept("http://terminology.hl7.org/CodeSystem/consentscope", "research"),
        Category = [new CodeableConcept(Loinc, "57016-8")],
        Patient = new ResourceReference($"Patient/{patientId}"),
        DateTimeElement = new FhirDateTime(DateTimeOffset.UtcNow),
        Policy = [new ConsentResource.PolicyComponent { Uri = "https://example.org/research-policy" }],
        Provision = new ConsentResource.provisionComponent { Type = type, Provision = [.. exceptions] },
    };

    public static ConsentResource.provisionComponent DenyCode(string code) => new()
    {
        Type = ConsentResource.ConsentProvisionType.Deny,
        Code = [new CodeableConcept(Loinc, code)],
    };

    public static ConsentResource.provisionComponent DenyType(string type) => new()
    {
        Type = ConsentResource.ConsentProvisionType.Deny,
        Class = [new Coding("http://hl7.org/fhir/resource-types", type)],
    };

    public static async System.Threading.Tasks.Task PutAsync(this HttpClient client, Resource resource)
    {
        using var response = await client.SendFhirAsync(HttpMethod.Put, $"/fhir/{resource.TypeName}/{resource.Id}", resource);
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Created))
        {
            throw new InvalidOperationException($"PUT {resource.TypeName}/{resource.Id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    public static async Task<List<string>> SearchIdsAsync(this HttpClient client, string query, Bundle.SearchEntryMode? mode = null)
    {
        using var response = await client.SendFhirAsync(HttpMethod.Get, "/fhir/" + query);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var bundle = await response.ReadAsync<Bundle>();
        return bundle.Entry.Where(e => e.Resource is not OperationOutcome && (mode is null || e.Search?.Mode == mode))
            .Select(e => $"{e.Resource!.TypeName}/{e.Resource.Id}").Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>AuditEvents about a patient are in its compartment too; they are written in the background, so tests that list a compartment leave them out.</summary>
    public static async Task<List<string>> WithoutAuditEventsAsync(this Task<List<string>> ids) =>
        (await ids).Where(id => !id.StartsWith("AuditEvent/", StringComparison.Ordinal)).ToList();
}
