using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Rest;

/// <summary>PATCH with JSON Patch (RFC 6902) and FHIRPath Patch, plain, conditional and with If-Match.</summary>
public sealed class PatchTests
{
    private static async Task<HttpResponseMessage> JsonPatchAsync(HttpClient client, string url, string operations, string? ifMatch = null)
    {
        using var request = FhirHttp.Request(HttpMethod.Patch, url, content: FhirHttp.Body(operations, "application/json-patch+json"));
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request);
    }

    private static Parameters.ParameterComponent Operation(string type, string path, params (string Name, DataType Value)[] parts)
    {
        var operation = new Parameters.ParameterComponent { Name = "operation" };
        operation.Part.Add(new Parameters.ParameterComponent { Name = "type", Value = new Code(type) });
        operation.Part.Add(new Parameters.ParameterComponent { Name = "path", Value = new FhirString(path) });
        foreach (var (name, value) in parts)
        {
            operation.Part.Add(new Parameters.ParameterComponent { Name = name, Value = value });
        }

        return operation;
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Json_patch_add_remove_replace_move_copy_and_test_apply_in_order(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var toStore = Resources.Patient();
        toStore.Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, "555-0100")];
        var patient = await Resources.CreateAsync(client, toStore);

        using var response = await JsonPatchAsync(client, $"/fhir/Patient/{patient.Id}", """
            [
              {"op": "test", "path": "/gender", "value": "male"},
              {"op": "replace", "path": "/gender", "value": "female"},
              {"op": "add", "path": "/name/0/given/-", "value": "Jim"},
              {"op": "remove", "path": "/telecom"},
              {"op": "copy", "from": "/name/0", "path": "/name/1"},
              {"op": "move", "from": "/birthDate", "path": "/birthDate"},
              {"op": "add", "path": "/active", "value": true}
            ]
            """, "W/\"1\"");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Headers.ETag!.ToString().ShouldBe("W/\"2\"");
        var patched = await (await client.GetAsync($"/fhir/Patient/{patient.Id}")).ReadAsync<Patient>();
        patched.Gender.ShouldBe(AdministrativeGender.Female);
        patched.Name.Count.ShouldBe(2);
        patched.Name[0].Given.ShouldBe(["Peter", "James", "Jim"]);
        patched.Name[1].Family.ShouldBe("Chalmers");
        patched.Telecom.ShouldBeEmpty();
        patched.Active.ShouldBe(true);
        patched.BirthDate.ShouldBe("1974-12-25");
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Json_patch_move_relocates_a_value(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var toStore = Resources.Patient();
        toStore.Name.Add(new HumanName { Family = "Second" });
        var patient = await Resources.CreateAsync(client, toStore);

        using var response = await JsonPatchAsync(client, $"/fhir/Patient/{patient.Id}", """[{"op": "move", "from": "/name/1", "path": "/name/0"}]""");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var patched = await response.ReadAsync<Patient>();
        patched.Name.Select(n => n.Family).ShouldBe(["Second", "Chalmers"]);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Failing_json_patch_test_is_422_and_stores_nothing(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await Resources.CreateAsync(client, Resources.Patient());

        using var response = await JsonPatchAsync(client, $"/fhir/Patient/{patient.Id}", """[{"op": "test", "path": "/gender", "value": "female"}, {"op": "replace", "path": "/gender", "value": "other"}]""");

        response.StatusCode.ShouldBe((HttpStatusCode)422);
        (await response.ReadAsync<OperationOutcome>()).Issue[0].Diagnostics!.ShouldContain("test");
        (await Resources.VersionCountAsync(client, $"Patient/{patient.Id}")).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Patch_that_makes_the_resource_invalid_is_422_and_stores_nothing(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var observation = await Resources.CreateAsync(client, Resources.Observation());

        using var removeStatus = await JsonPatchAsync(client, $"/fhir/Observation/{observation.Id}", """[{"op": "remove", "path": "/status"}]""");
        removeStatus.StatusCode.ShouldBe((HttpStatusCode)422);
        using var badCode = await JsonPatchAsync(client, $"/fhir/Observation/{observation.Id}", """[{"op": "replace", "path": "/status", "value": "not-a-status"}]""");
        badCode.StatusCode.ShouldBe((HttpStatusCode)422);
        using var unknownElement = await JsonPatchAsync(client, $"/fhir/Observation/{observation.Id}", """[{"op": "add", "path": "/flavour", "value": "sweet"}]""");
        unknownElement.StatusCode.ShouldBe((HttpStatusCode)422);
        var absent = new Parameters { Parameter = [Operation("add", "Observation", ("name", new FhirString("dataAbsentReason")), ("value", new CodeableConcept("http://terminology.hl7.org/CodeSystem/data-absent-reason", "unknown")))] };
        using var obs6 = await client.SendFhirAsync(HttpMethod.Patch, $"/fhir/Observation/{observation.Id}", absent);
        obs6.StatusCode.ShouldBe((HttpStatusCode)422);
        (await obs6.ReadAsync<OperationOutcome>()).Issue.ShouldContain(i => i.Diagnostics!.Contains("obs-6"));

        (await Resources.VersionCountAsync(client, $"Observation/{observation.Id}")).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Resources.DatabasesAndFormats), MemberType = typeof(Resources))]
    public async System.Threading.Tasks.Task Fhirpath_patch_add_insert_delete_replace_and_move(DatabaseKind kind, string format)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var toStore = Resources.Patient();
        toStore.Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, "555-0100")];
        toStore.Address = [new Address { City = "First" }, new Address { City = "Second" }];
        var patient = await Resources.CreateAsync(client, toStore);
        var patch = new Parameters
        {
            Parameter =
            [
                Operation("replace", "Patient.gender", ("value", new Code("female"))),
                Operation("add", "Patient", ("name", new FhirString("active")), ("value", new FhirBoolean(true))),
                Operation("insert", "Patient.identifier", ("index", new Integer(0)), ("value", new Identifier("urn:example", "first"))),
                Operation("delete", "Patient.telecom"),
                Operation("move", "Patient.address", ("source", new Integer(1)), ("destination", new Integer(0))),
            ],
        };

        using var response = await client.SendFhirAsync(HttpMethod.Patch, $"/fhir/Patient/{patient.Id}", patch, format);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var patched = await (await client.GetAsync($"/fhir/Patient/{patient.Id}")).ReadAsync<Patient>();
        patched.Gender.ShouldBe(AdministrativeGender.Female);
        patched.Active.ShouldBe(true);
        patched.Identifier.Count.ShouldBe(2);
        patched.Identifier[0].Value.ShouldBe("first");
        patched.Telecom.ShouldBeEmpty();
        patched.Address.Select(a => a.City).ShouldBe(["Second", "First"]);
        patched.Meta!.VersionId.ShouldBe("2");
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Conditional_patch_patches_the_one_match_and_refuses_none_or_many(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var identifier = Resources.UniqueValue();
        var patient = await Resources.CreateAsync(client, Resources.Patient(identifier: identifier));
        const string Replace = """[{"op": "replace", "path": "/gender", "value": "other"}]""";

        using var one = await JsonPatchAsync(client, $"/fhir/Patient?identifier={Resources.IdentifierSystem}|{identifier}", Replace);
        one.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await client.GetAsync($"/fhir/Patient/{patient.Id}")).ReadAsync<Patient>()).Gender.ShouldBe(AdministrativeGender.Other);

        using var none = await JsonPatchAsync(client, $"/fhir/Patient?identifier={Resources.IdentifierSystem}|{Resources.UniqueValue()}", Replace);
        none.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var family = "Patchy" + Resources.UniqueValue()[..8];
        await Resources.CreateAsync(client, Resources.Patient(family));
        await Resources.CreateAsync(client, Resources.Patient(family));
        using var many = await JsonPatchAsync(client, $"/fhir/Patient?family={family}", Replace);
        many.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Patch_with_a_current_if_match_succeeds(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await Resources.CreateAsync(client, Resources.Patient());

        using var first = await JsonPatchAsync(client, $"/fhir/Patient/{patient.Id}", """[{"op": "replace", "path": "/gender", "value": "female"}]""", "W/\"1\"");
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var second = await JsonPatchAsync(client, $"/fhir/Patient/{patient.Id}", """[{"op": "replace", "path": "/gender", "value": "other"}]""", "W/\"1\"");
        second.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);

        (await (await client.GetAsync($"/fhir/Patient/{patient.Id}")).ReadAsync<Patient>()).Gender.ShouldBe(AdministrativeGender.Female);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Patch_of_unknown_or_deleted_is_404_or_410(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await Resources.CreateAsync(client, Resources.Patient());
        await client.DeleteAsync($"/fhir/Patient/{patient.Id}");
        const string Replace = """[{"op": "replace", "path": "/gender", "value": "other"}]""";

        (await JsonPatchAsync(client, $"/fhir/Patient/{patient.Id}", Replace)).StatusCode.ShouldBe(HttpStatusCode.Gone);
        (await JsonPatchAsync(client, $"/fhir/Patient/nope-{Resources.UniqueValue()[..10]}", Replace)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await JsonPatchAsync(client, $"/fhir/Patient/{patient.Id}", "{\"op\": \"replace\"}")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
