using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Rest;

/// <summary>Valid resources with unique identifiers, and the (database, format) pairs the REST tests run on.</summary>
public static class Resources
{
    public const string IdentifierSystem = "urn:oid:1.2.36.146.595.217.0.1";

    public static TheoryData<DatabaseKind, string> DatabasesAndFormats
    {
        get
        {
            var data = new TheoryData<DatabaseKind, string>();
            foreach (var kind in Databases.Kinds)
            {
                data.Add(kind, FhirHttp.Json);
                data.Add(kind, FhirHttp.Xml);
            }

            return data;
        }
    }

    public static string UniqueValue() => Guid.NewGuid().ToString("N");

    public static Patient Patient(string family = "Chalmers", string? identifier = null) => new()
    {
        Name = [new HumanName { Family = family, Given = ["Peter", "James"] }],
        Gender = AdministrativeGender.Male,
        BirthDate = "1974-12-25",
        Identifier = [new Identifier(IdentifierSystem, identifier ?? UniqueValue())],
    };

    public static Observation Observation(string? patientReference = null) => new()
    {
        Status = ObservationStatus.Final,
        Code = new CodeableConcept("http://loinc.org", "8867-4", "Heart rate"),
        Subject = patientReference is null ? null : new ResourceReference(patientReference),
        Value = new Quantity(72, "beats/minute") { System = "http://unitsofmeasure.org", Code = "/min" },
    };

    /// <summary>The number of versions the instance history of a resource lists.</summary>
    public static async Task<int> VersionCountAsync(HttpClient client, string typeAndId)
    {
        using var response = await client.SendFhirAsync(HttpMethod.Get, $"/fhir/{typeAndId}/_history");
        response.EnsureSuccessStatusCode();
        return (await response.ReadAsync<Bundle>()).Entry.Count;
    }

    public static async Task<T> CreateAsync<T>(HttpClient client, T resource, string format = FhirHttp.Json)
        where T : Resource
    {
        using var response = await client.SendFhirAsync(HttpMethod.Post, $"/fhir/{resource.TypeName}", resource, format);
        if ((int)response.StatusCode != 201)
        {
            throw new InvalidOperationException($"Create of {resource.TypeName} gave {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return await response.ReadAsync<T>();
    }
}
