using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;
using FhirChain.FhirApi.Tests.Rest;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Bundles;

/// <summary>Transaction Bundles (http://hl7.org/fhir/R4/http.html#transaction): atomic, ordered, references resolved.</summary>
public sealed class TransactionTests
{
    private static string Urn() => "urn:uuid:" + Guid.NewGuid();

    private static async Task<Bundle> TransactAsync(HttpClient client, Bundle bundle, string format = FhirHttp.Json)
    {
        using var response = await client.SendFhirAsync(HttpMethod.Post, "/fhir", bundle, format);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe(format);
        var result = await response.ReadAsync<Bundle>();
        result.Type.ShouldBe(bundle.Type == Bundle.BundleType.Transaction ? Bundle.BundleType.TransactionResponse : Bundle.BundleType.BatchResponse);
        result.Entry.Count.ShouldBe(bundle.Entry.Count);
        return result;
    }

    private static async Task<Bundle> SearchAsync(HttpClient client, string query) =>
        await (await client.GetAsync($"/fhir/{query}")).ReadAsync<Bundle>();

    private static string IdOf(Bundle.EntryComponent entry) => entry.Response!.Location!.Split('/')[^3];

    [Theory]
    [MemberData(nameof(Resources.DatabasesAndFormats), MemberType = typeof(Resources))]
    public async System.Threading.Tasks.Task Urn_uuid_references_are_rewritten_everywhere_including_nested_and_contained(DatabaseKind kind, string format)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var (patientUrn, organizationUrn, observationUrn) = (Urn(), Urn(), Urn());
        var organization = new Organization { Name = "Good Health Clinic" };
        var patient = Resources.Patient();
        patient.ManagingOrganization = new ResourceReference(organizationUrn);
        patient.Contact = [new Patient.ContactComponent { Organization = new ResourceReference(organizationUrn) }];
        var observation = Resources.Observation(patientUrn);
        observation.Performer = [new ResourceReference(organizationUrn)];
        observation.Extension.Add(new Extension("http://example.org/fhir/StructureDefinition/about", new ResourceReference(patientUrn)));
        observation.Contained = [new Specimen { Id = "spec1", Subject = new ResourceReference(patientUrn) }];
        observation.Specimen = new ResourceReference("#spec1");
        var bundle = new BundleBuilder(Bundle.BundleType.Transaction)
            .Post(observation, observationUrn)
            .Post(patient, patientUrn)
            .Post(organization, organizationUrn)
            .Bundle;

        var result = await TransactAsync(client, bundle, format);

        result.Entry.ShouldAllBe(e => e.Response!.Status!.StartsWith("201"));
        var (observationId, patientId, organizationId) = (IdOf(result.Entry[0]), IdOf(result.Entry[1]), IdOf(result.Entry[2]));
        var storedObservation = await (await client.GetAsync($"/fhir/Observation/{observationId}")).ReadAsync<Observation>();
        storedObservation.Subject!.Reference.ShouldBe($"Patient/{patientId}");
        storedObservation.Performer.Single().Reference.ShouldBe($"Organization/{organizationId}");
        ((ResourceReference)storedObservation.Extension.Single().Value!).Reference.ShouldBe($"Patient/{patientId}");
        ((Specimen)storedObservation.Contained.Single()).Subject!.Reference.ShouldBe($"Patient/{patientId}");
        storedObservation.Specimen!.Reference.ShouldBe("#spec1");
        var storedPatient = await (await client.GetAsync($"/fhir/Patient/{patientId}")).ReadAsync<Patient>();
        storedPatient.ManagingOrganization!.Reference.ShouldBe($"Organization/{organizationId}");
        storedPatient.Contact.Single().Organization!.Reference.ShouldBe($"Organization/{organizationId}");
        (await SearchAsync(client, $"Observation?subject=Patient/{patientId}")).Entry.ShouldHaveSingleItem();
    }

    [Theory]
    [MemberData(nameof(Resources.DatabasesAndFormats), MemberType = typeof(Resources))]
    public async System.Threading.Tasks.Task One_failing_entry_stores_nothing(DatabaseKind kind, string format)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var existing = await Resources.CreateAsync(client, Resources.Patient("Before"));
        var identifier = Resources.UniqueValue();
        var patientUrn = Urn();
        var invalid = Resources.Observation(patientUrn);
        invalid.Status = null;
        var changed = (Patient)existing.DeepCopy();
        changed.Name[0].Family = "After";
        var bundle = new BundleBuilder(Bundle.BundleType.Transaction)
            .Post(Resources.Patient(identifier: identifier), patientUrn)
            .Put($"Patient/{existing.Id}", changed)
            .Post(invalid)
            .Bundle;

        using var response = await client.SendFhirAsync(HttpMethod.Post, "/fhir", bundle, format);

        response.StatusCode.ShouldBe((HttpStatusCode)422);
        var outcome = await response.ReadAsync<OperationOutcome>();
        outcome.Issue.ShouldContain(i => i.Diagnostics!.Contains("entry 2"));
        (await SearchAsync(client, $"Patient?identifier={Resources.IdentifierSystem}|{identifier}")).Entry.ShouldBeEmpty();
        (await Resources.VersionCountAsync(client, $"Patient/{existing.Id}")).ShouldBe(1);
        (await (await client.GetAsync($"/fhir/Patient/{existing.Id}")).ReadAsync<Patient>()).Name[0].Family.ShouldBe("Before");
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Entries_run_delete_post_put_get_and_responses_keep_request_order(DatabaseKind kind)
    {
        await using var server = await TestServer.StartAsync(kind);
        using var client = server.CreateClient();
        var toDelete = await Resources.CreateAsync(client, Resources.Patient("ToDelete"));
        var toUpdate = await Resources.CreateAsync(client, Resources.Patient("ToUpdate"));
        var updated = (Patient)toUpdate.DeepCopy();
        updated.Name[0].Family = "Updated";
        var bundle = new BundleBuilder(Bundle.BundleType.Transaction)
            .Get($"Patient/{toUpdate.Id}")
            .Put($"Patient/{toUpdate.Id}", updated)
            .Post(Resources.Patient("Created"))
            .Delete($"Patient/{toDelete.Id}")
            .Bundle;

        var result = await TransactAsync(client, bundle);

        result.Entry.Select(e => e.Response!.Status!.Split(' ')[0]).ShouldBe(["200", "200", "201", "204"]);
        ((Patient)result.Entry[0].Resource!).Name[0].Family.ShouldBe("Updated");
        result.Entry[0].Resource!.Meta!.VersionId.ShouldBe("2");
        var history = await (await client.GetAsync("/fhir/_history?_count=3")).ReadAsync<Bundle>();
        history.Entry.Select(e => e.Request!.Method).ShouldBe([Bundle.HTTPVerb.PUT, Bundle.HTTPVerb.POST, Bundle.HTTPVerb.DELETE]);
        (await client.GetAsync($"/fhir/Patient/{toDelete.Id}")).StatusCode.ShouldBe(HttpStatusCode.Gone);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Conditional_references_resolve_to_the_one_match_and_fail_on_none_or_many(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var identifier = Resources.UniqueValue();
        var patient = await Resources.CreateAsync(client, Resources.Patient(identifier: identifier));

        var resolved = await TransactAsync(client, new BundleBuilder(Bundle.BundleType.Transaction)
            .Post(Resources.Observation($"Patient?identifier={Resources.IdentifierSystem}|{identifier}"))
            .Bundle);
        var observation = await (await client.GetAsync($"/fhir/Observation/{IdOf(resolved.Entry[0])}")).ReadAsync<Observation>();
        observation.Subject!.Reference.ShouldBe($"Patient/{patient.Id}");

        var marker = Resources.UniqueValue();
        var unmatched = Resources.Observation($"Patient?identifier={Resources.IdentifierSystem}|{Resources.UniqueValue()}");
        unmatched.Identifier = [new Identifier("urn:example:tx", marker)];
        using var none = await client.SendFhirAsync(HttpMethod.Post, "/fhir", new BundleBuilder(Bundle.BundleType.Transaction).Post(unmatched).Bundle);
        ((int)none.StatusCode).ShouldBeInRange(400, 499);
        (await none.ReadAsync<OperationOutcome>()).Issue[0].Diagnostics!.ShouldContain("no Patient");

        var family = "Dup" + Resources.UniqueValue()[..10];
        await Resources.CreateAsync(client, Resources.Patient(family));
        await Resources.CreateAsync(client, Resources.Patient(family));
        var ambiguous = Resources.Observation($"Patient?family={family}");
        ambiguous.Identifier = [new Identifier("urn:example:tx", marker)];
        using var many = await client.SendFhirAsync(HttpMethod.Post, "/fhir", new BundleBuilder(Bundle.BundleType.Transaction).Post(ambiguous).Bundle);
        ((int)many.StatusCode).ShouldBeInRange(400, 499);
        (await many.ReadAsync<OperationOutcome>()).Issue[0].Diagnostics!.ShouldContain("more than one");

        (await SearchAsync(client, $"Observation?identifier=urn:example:tx|{marker}")).Entry.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task If_none_exist_entry_reuses_the_existing_resource_and_references_point_to_it(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var identifier = Resources.UniqueValue();
        var existing = await Resources.CreateAsync(client, Resources.Patient(identifier: identifier));
        var patientUrn = Urn();
        var bundle = new BundleBuilder(Bundle.BundleType.Transaction)
            .Post(Resources.Patient(identifier: identifier), patientUrn, $"identifier={Resources.IdentifierSystem}|{identifier}")
            .Post(Resources.Observation(patientUrn))
            .Bundle;

        var result = await TransactAsync(client, bundle);

        result.Entry[0].Response!.Status!.ShouldStartWith("200");
        result.Entry[0].Response!.Location!.ShouldContain($"Patient/{existing.Id}/_history/1");
        result.Entry[1].Response!.Status!.ShouldStartWith("201");
        var observation = await (await client.GetAsync($"/fhir/Observation/{IdOf(result.Entry[1])}")).ReadAsync<Observation>();
        observation.Subject!.Reference.ShouldBe($"Patient/{existing.Id}");
        (await SearchAsync(client, $"Patient?identifier={Resources.IdentifierSystem}|{identifier}")).Entry.ShouldHaveSingleItem();
    }

    [Theory]
    [MemberData(nameof(Resources.DatabasesAndFormats), MemberType = typeof(Resources))]
    public async System.Threading.Tasks.Task Patch_entries_apply_json_patch_in_a_binary_and_fhirpath_patch(DatabaseKind kind, string format)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var first = await Resources.CreateAsync(client, Resources.Patient());
        var second = await Resources.CreateAsync(client, Resources.Patient());
        var operation = new Parameters.ParameterComponent { Name = "operation" };
        var fhirPathPatch = new Parameters { Parameter = [operation] };
        operation.Part.Add(new Parameters.ParameterComponent { Name = "type", Value = new Code("replace") });
        operation.Part.Add(new Parameters.ParameterComponent { Name = "path", Value = new FhirString("Patient.birthDate") });
        operation.Part.Add(new Parameters.ParameterComponent { Name = "value", Value = new Date("1980-01-01") });
        var bundle = new BundleBuilder(Bundle.BundleType.Transaction)
            .Patch($"Patient/{first.Id}", BundleBuilder.JsonPatch("""[{"op": "replace", "path": "/gender", "value": "female"}]"""))
            .Patch($"Patient/{second.Id}", fhirPathPatch)
            .Bundle;

        var result = await TransactAsync(client, bundle, format);

        result.Entry.ShouldAllBe(e => e.Response!.Status!.StartsWith("200"));
        (await (await client.GetAsync($"/fhir/Patient/{first.Id}")).ReadAsync<Patient>()).Gender.ShouldBe(AdministrativeGender.Female);
        (await (await client.GetAsync($"/fhir/Patient/{second.Id}")).ReadAsync<Patient>()).BirthDate.ShouldBe("1980-01-01");
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Get_entries_read_and_search_after_the_writes(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var identifier = Resources.UniqueValue();
        var bundle = new BundleBuilder(Bundle.BundleType.Transaction)
            .Get($"Patient?identifier={Resources.IdentifierSystem}|{identifier}")
            .Post(Resources.Patient(identifier: identifier))
            .Get($"Patient/missing-{Resources.UniqueValue()[..10]}")
            .Bundle;

        using var response = await client.SendFhirAsync(HttpMethod.Post, "/fhir", bundle);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var result = await response.ReadAsync<Bundle>();
        var search = (Bundle)result.Entry[0].Resource!;
        search.Entry.ShouldHaveSingleItem().Resource!.Id.ShouldBe(IdOf(result.Entry[1]));
        result.Entry[2].Response!.Status!.ShouldStartWith("404");
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Transaction_touching_one_resource_twice_is_refused(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await Resources.CreateAsync(client, Resources.Patient());
        var bundle = new BundleBuilder(Bundle.BundleType.Transaction)
            .Put($"Patient/{patient.Id}", patient)
            .Delete($"Patient/{patient.Id}")
            .Bundle;

        using var response = await client.SendFhirAsync(HttpMethod.Post, "/fhir", bundle);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Resources.VersionCountAsync(client, $"Patient/{patient.Id}")).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Return_minimal_leaves_out_the_resources(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var bundle = new BundleBuilder(Bundle.BundleType.Transaction).Post(Resources.Patient()).Bundle;

        using var response = await client.SendFhirAsync(HttpMethod.Post, "/fhir", bundle, configure: r => r.Headers.Add("Prefer", "return=minimal"));

        var result = await response.ReadAsync<Bundle>();
        result.Entry.Single().Resource.ShouldBeNull();
        result.Entry.Single().Response!.Location.ShouldNotBeNull();
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Non_bundle_or_wrong_bundle_type_at_the_base_is_400(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();

        (await client.SendFhirAsync(HttpMethod.Post, "/fhir", Resources.Patient())).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.SendFhirAsync(HttpMethod.Post, "/fhir", new Bundle { Type = Bundle.BundleType.Collection })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var noRequest = new Bundle { Type = Bundle.BundleType.Transaction, Entry = [new Bundle.EntryComponent { Resource = Resources.Patient() }] };
        (await client.SendFhirAsync(HttpMethod.Post, "/fhir", noRequest)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
