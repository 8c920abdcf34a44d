using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Rest;

/// <summary>Create, read, vread, update, delete over HTTP, in JSON and XML, on every database.</summary>
public sealed class CrudTests
{
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

    private static Patient NewPatient(string family = "Chalmers") => new()
    {
        Name = [new HumanName { Family = family, Given = ["Peter", "James"] }],
        Gender = AdministrativeGender.Male,
        BirthDate = "1974-12-25",
        Identifier = [new Identifier("urn:oid:1.2.36.146.595.217.0.1", Guid.NewGuid().ToString("N"))],
    };

    [Theory]
    [MemberData(nameof(DatabasesAndFormats))]
    public async System.Threading.Tasks.Task Create_then_read_returns_the_stored_version_with_headers(DatabaseKind kind, string format)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();

        using var created = await client.SendFhirAsync(HttpMethod.Post, "/fhir/Patient", NewPatient(), format);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        created.Headers.Location.ShouldNotBeNull();
        created.Headers.ETag!.ToString().ShouldBe("W/\"1\"");
        created.Content.Headers.ContentType!.MediaType.ShouldBe(format);
        var patient = await created.ReadAsync<Patient>();
        patient.Id.ShouldNotBeNullOrEmpty();
        patient.Meta!.VersionId.ShouldBe("1");

        using var read = await client.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{patient.Id}", format: format);
        read.StatusCode.ShouldBe(HttpStatusCode.OK);
        read.Headers.GetValues("X-Provenance-Leaf-Index").Single().ShouldNotBeNullOrEmpty();
        read.Content.Headers.LastModified.ShouldNotBeNull();
        var fetched = await read.ReadAsync<Patient>();
        fetched.Name[0].Family.ShouldBe("Chalmers");
        fetched.BirthDate.ShouldBe("1974-12-25");
    }

    [Theory]
    [MemberData(nameof(DatabasesAndFormats))]
    public async System.Threading.Tasks.Task Update_makes_a_new_version_and_vread_returns_each(DatabaseKind kind, string format)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await (await client.SendFhirAsync(HttpMethod.Post, "/fhir/Patient", NewPatient(), format)).ReadAsync<Patient>();

        patient.Name[0].Family = "Chalmers-Smith";
        using var updated = await client.SendFhirAsync(HttpMethod.Put, $"/fhir/Patient/{patient.Id}", patient, format);
        updated.StatusCode.ShouldBe(HttpStatusCode.OK);
        updated.Headers.ETag!.ToString().ShouldBe("W/\"2\"");

        var v1 = await (await client.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{patient.Id}/_history/1", format: format)).ReadAsync<Patient>();
        var v2 = await (await client.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{patient.Id}/_history/2", format: format)).ReadAsync<Patient>();
        v1.Name[0].Family.ShouldBe("Chalmers");
        v2.Name[0].Family.ShouldBe("Chalmers-Smith");
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Update_with_a_new_client_id_creates_the_resource(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = NewPatient();
        patient.Id = "client-" + Guid.NewGuid().ToString("N")[..12];

        using var response = await client.SendFhirAsync(HttpMethod.Put, $"/fhir/Patient/{patient.Id}", patient);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await client.GetAsync($"/fhir/Patient/{patient.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Delete_makes_read_gone_but_old_versions_stay_readable(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await (await client.SendFhirAsync(HttpMethod.Post, "/fhir/Patient", NewPatient())).ReadAsync<Patient>();

        (await client.DeleteAsync($"/fhir/Patient/{patient.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        using var gone = await client.GetAsync($"/fhir/Patient/{patient.Id}");
        gone.StatusCode.ShouldBe(HttpStatusCode.Gone);
        (await gone.ReadAsync<OperationOutcome>()).Issue[0].Code.ShouldBe(OperationOutcome.IssueType.Deleted);
        (await client.GetAsync($"/fhir/Patient/{patient.Id}/_history/1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.DeleteAsync($"/fhir/Patient/{patient.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Stale_if_match_is_refused_with_412_and_changes_nothing(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await (await client.SendFhirAsync(HttpMethod.Post, "/fhir/Patient", NewPatient())).ReadAsync<Patient>();
        patient.Gender = AdministrativeGender.Female;
        (await client.SendFhirAsync(HttpMethod.Put, $"/fhir/Patient/{patient.Id}", patient, configure: r => r.Headers.TryAddWithoutValidation("If-Match", "W/\"1\""))).StatusCode.ShouldBe(HttpStatusCode.OK);

        patient.Gender = AdministrativeGender.Other;
        using var stale = await client.SendFhirAsync(HttpMethod.Put, $"/fhir/Patient/{patient.Id}", patient, configure: r => r.Headers.TryAddWithoutValidation("If-Match", "W/\"1\""));
        stale.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        var current = await (await client.GetAsync($"/fhir/Patient/{patient.Id}")).ReadAsync<Patient>();
        current.Meta!.VersionId.ShouldBe("2");
        current.Gender.ShouldBe(AdministrativeGender.Female);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task If_none_exist_returns_the_existing_resource_instead_of_a_duplicate(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = NewPatient();
        var criteria = $"identifier={patient.Identifier[0].System}|{patient.Identifier[0].Value}";
        using var first = await client.SendFhirAsync(HttpMethod.Post, "/fhir/Patient", patient, configure: r => r.Headers.Add("If-None-Exist", criteria));
        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        using var second = await client.SendFhirAsync(HttpMethod.Post, "/fhir/Patient", patient, configure: r => r.Headers.Add("If-None-Exist", criteria));
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second.ReadAsync<Patient>()).Id.ShouldBe((await first.ReadAsync<Patient>()).Id);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task If_none_match_on_the_current_version_gives_304(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await (await client.SendFhirAsync(HttpMethod.Post, "/fhir/Patient", NewPatient())).ReadAsync<Patient>();
        using var response = await client.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{patient.Id}", configure: r => r.Headers.TryAddWithoutValidation("If-None-Match", "W/\"1\""));
        response.StatusCode.ShouldBe(HttpStatusCode.NotModified);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Prefer_return_minimal_sends_no_body_and_operation_outcome_sends_one(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        using var minimal = await client.SendFhirAsync(HttpMethod.Post, "/fhir/Patient", NewPatient(), configure: r => r.Headers.Add("Prefer", "return=minimal"));
        minimal.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await minimal.Content.ReadAsStringAsync()).ShouldBeEmpty();

        using var outcome = await client.SendFhirAsync(HttpMethod.Post, "/fhir/Patient", NewPatient(), configure: r => r.Headers.Add("Prefer", "return=OperationOutcome"));
        (await outcome.ReadAsync<OperationOutcome>()).Issue[0].Severity.ShouldBe(OperationOutcome.IssueSeverity.Information);
    }
}
