using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Rest;

/// <summary>Conditional update and delete, conditional read headers, and what create does with a client id.</summary>
public sealed class ConditionalTests
{
    [Theory]
    [MemberData(nameof(Resources.DatabasesAndFormats), MemberType = typeof(Resources))]
    public async System.Threading.Tasks.Task Conditional_update_creates_on_no_match_and_updates_the_one_match(DatabaseKind kind, string format)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var identifier = Resources.UniqueValue();
        var criteria = $"identifier={Resources.IdentifierSystem}|{identifier}";

        using var created = await client.SendFhirAsync(HttpMethod.Put, $"/fhir/Patient?{criteria}", Resources.Patient("First", identifier), format);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await created.ReadAsync<Patient>()).Id;

        using var updated = await client.SendFhirAsync(HttpMethod.Put, $"/fhir/Patient?{criteria}", Resources.Patient("Second", identifier), format);
        updated.StatusCode.ShouldBe(HttpStatusCode.OK);
        updated.Headers.ETag!.ToString().ShouldBe("W/\"2\"");
        var current = await (await client.GetAsync($"/fhir/Patient/{id}")).ReadAsync<Patient>();
        current.Name[0].Family.ShouldBe("Second");
        (await (await client.GetAsync($"/fhir/Patient?{criteria}")).ReadAsync<Bundle>()).Entry.ShouldHaveSingleItem();
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Conditional_update_with_a_different_body_id_is_400(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var identifier = Resources.UniqueValue();
        var existing = await Resources.CreateAsync(client, Resources.Patient(identifier: identifier));
        var other = Resources.Patient(identifier: identifier);
        other.Id = "not-" + existing.Id![..20];

        using var response = await client.SendFhirAsync(HttpMethod.Put, $"/fhir/Patient?identifier={Resources.IdentifierSystem}|{identifier}", other);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Resources.VersionCountAsync(client, $"Patient/{existing.Id}")).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Conditional_delete_deletes_the_one_match(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var identifier = Resources.UniqueValue();
        var patient = await Resources.CreateAsync(client, Resources.Patient(identifier: identifier));

        using var response = await client.DeleteAsync($"/fhir/Patient?identifier={Resources.IdentifierSystem}|{identifier}");

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.GetAsync($"/fhir/Patient/{patient.Id}")).StatusCode.ShouldBe(HttpStatusCode.Gone);
        (await client.DeleteAsync($"/fhir/Patient?identifier={Resources.IdentifierSystem}|{identifier}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task If_modified_since_after_the_last_update_gives_304_and_before_gives_the_resource(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await Resources.CreateAsync(client, Resources.Patient());
        var lastUpdated = patient.Meta!.LastUpdated!.Value;

        using var notModified = await client.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{patient.Id}", configure: r => r.Headers.IfModifiedSince = lastUpdated.AddSeconds(5));
        notModified.StatusCode.ShouldBe(HttpStatusCode.NotModified);

        using var modified = await client.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{patient.Id}", configure: r => r.Headers.IfModifiedSince = lastUpdated.AddHours(-1));
        modified.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await modified.ReadAsync<Patient>()).Id.ShouldBe(patient.Id);

        using var stale = await client.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{patient.Id}", configure: r => r.Headers.TryAddWithoutValidation("If-None-Match", "W/\"7\""));
        stale.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(Resources.DatabasesAndFormats), MemberType = typeof(Resources))]
    public async System.Threading.Tasks.Task Create_ignores_a_client_id_and_answers_with_location_etag_and_last_modified(DatabaseKind kind, string format)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = Resources.Patient();
        patient.Id = "client-chosen";

        using var response = await client.SendFhirAsync(HttpMethod.Post, "/fhir/Patient", patient, format);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = await response.ReadAsync<Patient>();
        created.Id.ShouldNotBe("client-chosen");
        response.Headers.Location!.ToString().ShouldEndWith($"/fhir/Patient/{created.Id}/_history/1");
        response.Headers.ETag!.ToString().ShouldBe("W/\"1\"");
        response.Content.Headers.LastModified.ShouldNotBeNull();
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Prefer_applies_to_update_and_patch_and_errors_keep_their_outcome(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await Resources.CreateAsync(client, Resources.Patient());

        using var minimal = await client.SendFhirAsync(HttpMethod.Put, $"/fhir/Patient/{patient.Id}", patient, configure: r => r.Headers.Add("Prefer", "return=minimal"));
        minimal.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await minimal.Content.ReadAsStringAsync()).ShouldBeEmpty();
        minimal.Headers.ETag!.ToString().ShouldBe("W/\"2\"");

        using var representation = await client.SendFhirAsync(HttpMethod.Put, $"/fhir/Patient/{patient.Id}", patient, configure: r => r.Headers.Add("Prefer", "return=representation"));
        (await representation.ReadAsync<Patient>()).Meta!.VersionId.ShouldBe("3");

        var invalid = (Patient)patient.DeepCopy();
        invalid.Contact = [new Patient.ContactComponent { Gender = AdministrativeGender.Female }];
        using var failed = await client.SendFhirAsync(HttpMethod.Put, $"/fhir/Patient/{patient.Id}", invalid, configure: r => r.Headers.Add("Prefer", "return=minimal"));
        failed.StatusCode.ShouldBe((HttpStatusCode)422);
        (await failed.ReadAsync<OperationOutcome>()).Issue.ShouldNotBeEmpty();
    }
}
