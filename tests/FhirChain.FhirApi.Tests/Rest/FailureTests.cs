using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Rest;

/// <summary>Every way a REST request can be wrong gets the status http.html names and an OperationOutcome saying why; nothing is stored.</summary>
public sealed class FailureTests
{
    private static async Task<OperationOutcome> ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.ShouldBe(status, await response.Content.ReadAsStringAsync());
        var outcome = await response.ReadAsync<OperationOutcome>();
        outcome.Issue.ShouldNotBeEmpty();
        outcome.Issue.ShouldContain(i => i.Severity == OperationOutcome.IssueSeverity.Error || i.Severity == OperationOutcome.IssueSeverity.Fatal);
        return outcome;
    }

    private static HttpRequestMessage Raw(HttpMethod method, string url, string body, string mediaType) =>
        FhirHttp.Request(method, url, mediaType, FhirHttp.Body(body, mediaType));

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Unparseable_json_is_400(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();

        using var response = await client.SendAsync(Raw(HttpMethod.Post, "/fhir/Patient", "{\"resourceType\": \"Patient\", \"gender\": ", FhirHttp.Json));

        (await ExpectAsync(response, HttpStatusCode.BadRequest)).Issue[0].Diagnostics!.ShouldContain("JSON");
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Unparseable_xml_is_400(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();

        using var response = await client.SendAsync(Raw(HttpMethod.Post, "/fhir/Patient", "<Patient xmlns=\"http://hl7.org/fhir\"><gender value=\"male\"></Patient>", FhirHttp.Xml));

        (await ExpectAsync(response, HttpStatusCode.BadRequest)).Issue[0].Diagnostics!.ShouldContain("XML");
    }

    [Theory]
    [InlineData(FhirHttp.Json, "{\"resourceType\":\"Patient\",\"gender\":\"male\",\"favouriteColour\":\"blue\"}")]
    [InlineData(FhirHttp.Xml, "<Patient xmlns=\"http://hl7.org/fhir\"><gender value=\"male\"/><favouriteColour value=\"blue\"/></Patient>")]
    public async System.Threading.Tasks.Task Unknown_element_is_400_naming_the_element(string format, string body)
    {
        foreach (var kind in Databases.Kinds)
        {
            var server = await SharedServers.GetAsync(kind);
            using var client = server.CreateClient();

            using var response = await client.SendAsync(Raw(HttpMethod.Post, "/fhir/Patient", body, format));

            var outcome = await ExpectAsync(response, HttpStatusCode.BadRequest);
            outcome.Issue.ShouldContain(i => i.Diagnostics!.Contains("favouriteColour") || i.Expression.Any(e => e!.Contains("favouriteColour")));
        }
    }

    [Theory]
    [MemberData(nameof(Resources.DatabasesAndFormats), MemberType = typeof(Resources))]
    public async System.Threading.Tasks.Task Observation_without_status_is_422_naming_the_element(DatabaseKind kind, string format)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var observation = Resources.Observation();
        observation.Status = null;

        using var response = await client.SendFhirAsync(HttpMethod.Post, "/fhir/Observation", observation, format);

        var outcome = await ExpectAsync(response, (HttpStatusCode)422);
        outcome.Issue.ShouldContain(i => i.Expression.Any(e => e!.Contains("status")));
    }

    public static TheoryData<DatabaseKind, string, string> ConstraintViolations()
    {
        var data = new TheoryData<DatabaseKind, string, string>();
        string[] keys = ["obs-6", "obs-7", "pat-1", "ppc-1", "ppc-2", "ppc-3", "ppc-4", "ppc-5"];
        foreach (var kind in Databases.Kinds)
        {
            foreach (var format in new[] { FhirHttp.Json, FhirHttp.Xml })
            {
                foreach (var key in keys)
                {
                    data.Add(kind, format, key);
                }
            }
        }

        return data;
    }

    internal static Resource Violating(string key) => key switch
    {
        "obs-6" => WithDataAbsentReason(),
        "obs-7" => WithComponentRepeatingCode(),
        "pat-1" => WithEmptyContact(),
        "ppc-1" => Consent(policy: false, patient: true, scope: "research"),
        "ppc-2" => Consent(policy: true, patient: false, scope: "patient-privacy"),
        "ppc-3" => Consent(policy: true, patient: false, scope: "research"),
        "ppc-4" => Consent(policy: true, patient: false, scope: "adr"),
        _ => Consent(policy: true, patient: false, scope: "treatment"),
    };

    [Theory]
    [MemberData(nameof(ConstraintViolations))]
    public async System.Threading.Tasks.Task Violated_invariant_is_422_with_the_constraint_key(DatabaseKind kind, string format, string key)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var resource = Violating(key);

        using var response = await client.SendFhirAsync(HttpMethod.Post, $"/fhir/{resource.TypeName}", resource, format);

        var outcome = await ExpectAsync(response, (HttpStatusCode)422);
        outcome.Issue.ShouldContain(i => i.Diagnostics!.Contains(key) && i.Expression.Any(e => e!.StartsWith(resource.TypeName, StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Resources.DatabasesAndFormats), MemberType = typeof(Resources))]
    public async System.Threading.Tasks.Task Id_in_url_and_body_that_differ_is_400_and_changes_nothing(DatabaseKind kind, string format)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await Resources.CreateAsync(client, Resources.Patient());
        var other = Resources.Patient("Other");
        other.Id = "some-other-id";

        using var response = await client.SendFhirAsync(HttpMethod.Put, $"/fhir/Patient/{patient.Id}", other, format);

        (await ExpectAsync(response, HttpStatusCode.BadRequest)).Issue[0].Expression.ShouldContain("Patient.id");
        (await Resources.VersionCountAsync(client, $"Patient/{patient.Id}")).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Update_without_id_in_body_is_400(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await Resources.CreateAsync(client, Resources.Patient());
        patient.Id = null;

        using var response = await client.SendFhirAsync(HttpMethod.Put, $"/fhir/Patient/{Resources.UniqueValue()[..20]}", patient);

        await ExpectAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(Resources.DatabasesAndFormats), MemberType = typeof(Resources))]
    public async System.Threading.Tasks.Task Body_type_other_than_the_url_type_is_400(DatabaseKind kind, string format)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();

        using var create = await client.SendFhirAsync(HttpMethod.Post, "/fhir/Observation", Resources.Patient(), format);
        (await ExpectAsync(create, HttpStatusCode.BadRequest)).Issue[0].Diagnostics!.ShouldContain("Patient");

        var patient = Resources.Patient();
        patient.Id = "typed-" + Resources.UniqueValue()[..12];
        using var update = await client.SendFhirAsync(HttpMethod.Put, $"/fhir/Observation/{patient.Id}", patient, format);
        await ExpectAsync(update, HttpStatusCode.BadRequest);
        (await client.GetAsync($"/fhir/Patient/{patient.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync($"/fhir/Observation/{patient.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Unknown_resource_type_is_404(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();

        await ExpectAsync(await client.GetAsync("/fhir/Spaceship/1"), HttpStatusCode.NotFound);
        await ExpectAsync(await client.GetAsync("/fhir/Spaceship"), HttpStatusCode.NotFound);
        await ExpectAsync(await client.SendFhirAsync(HttpMethod.Post, "/fhir/Spaceship", Resources.Patient()), HttpStatusCode.NotFound);
        await ExpectAsync(await client.GetAsync("/fhir/Spaceship/1/_history"), HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Post_on_an_instance_url_is_405(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await Resources.CreateAsync(client, Resources.Patient());

        using var response = await client.SendFhirAsync(HttpMethod.Post, $"/fhir/Patient/{patient.Id}", patient);

        await ExpectAsync(response, HttpStatusCode.MethodNotAllowed);
        (await Resources.VersionCountAsync(client, $"Patient/{patient.Id}")).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Put_and_delete_without_id_or_criteria_are_405(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();

        await ExpectAsync(await client.SendFhirAsync(HttpMethod.Put, "/fhir/Patient", Resources.Patient()), HttpStatusCode.MethodNotAllowed);
        await ExpectAsync(await client.DeleteAsync("/fhir/Patient"), HttpStatusCode.MethodNotAllowed);
        await ExpectAsync(await client.DeleteAsync("/fhir/metadata"), HttpStatusCode.MethodNotAllowed);
    }

    [Theory]
    [MemberData(nameof(Resources.DatabasesAndFormats), MemberType = typeof(Resources))]
    public async System.Threading.Tasks.Task Read_of_an_unknown_id_is_404(DatabaseKind kind, string format)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();

        using var response = await client.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/unknown-{Resources.UniqueValue()[..16]}", format: format);

        response.Content.Headers.ContentType!.MediaType.ShouldBe(format);
        (await ExpectAsync(response, HttpStatusCode.NotFound)).Issue[0].Code.ShouldBe(OperationOutcome.IssueType.NotFound);
        await ExpectAsync(await client.GetAsync($"/fhir/Patient/unknown-{Resources.UniqueValue()[..16]}/_history/1"), HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Invalid_id_in_url_is_400(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();

        await ExpectAsync(await client.GetAsync("/fhir/Patient/bad_id!"), HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Read_and_vread_of_deleted_are_410_and_update_revives(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await Resources.CreateAsync(client, Resources.Patient());
        (await client.DeleteAsync($"/fhir/Patient/{patient.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await ExpectAsync(await client.GetAsync($"/fhir/Patient/{patient.Id}"), HttpStatusCode.Gone);
        await ExpectAsync(await client.GetAsync($"/fhir/Patient/{patient.Id}/_history/2"), HttpStatusCode.Gone);

        using var revived = await client.SendFhirAsync(HttpMethod.Put, $"/fhir/Patient/{patient.Id}", patient);
        revived.StatusCode.ShouldBe(HttpStatusCode.Created);
        revived.Headers.ETag!.ToString().ShouldBe("W/\"3\"");
    }

    [Theory]
    [MemberData(nameof(Resources.DatabasesAndFormats), MemberType = typeof(Resources))]
    public async System.Threading.Tasks.Task Stale_if_match_on_update_delete_and_patch_is_412_and_changes_nothing(DatabaseKind kind, string format)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await Resources.CreateAsync(client, Resources.Patient());
        (await client.SendFhirAsync(HttpMethod.Put, $"/fhir/Patient/{patient.Id}", patient, format)).StatusCode.ShouldBe(HttpStatusCode.OK);
        void Stale(HttpRequestMessage r) => r.Headers.TryAddWithoutValidation("If-Match", "W/\"1\"");

        await ExpectAsync(await client.SendFhirAsync(HttpMethod.Put, $"/fhir/Patient/{patient.Id}", patient, format, Stale), HttpStatusCode.PreconditionFailed);
        await ExpectAsync(await client.SendFhirAsync(HttpMethod.Delete, $"/fhir/Patient/{patient.Id}", format: format, configure: Stale), HttpStatusCode.PreconditionFailed);
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/fhir/Patient/{patient.Id}")
        {
            Content = FhirHttp.Body("[{\"op\":\"replace\",\"path\":\"/gender\",\"value\":\"female\"}]", "application/json-patch+json"),
        };
        Stale(patch);
        await ExpectAsync(await client.SendAsync(patch), HttpStatusCode.PreconditionFailed);

        (await Resources.VersionCountAsync(client, $"Patient/{patient.Id}")).ShouldBe(2);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Conditional_writes_matching_several_are_412_and_store_nothing(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var family = "Twin" + Resources.UniqueValue()[..10];
        var first = await Resources.CreateAsync(client, Resources.Patient(family));
        var second = await Resources.CreateAsync(client, Resources.Patient(family));

        await ExpectAsync(await client.SendFhirAsync(HttpMethod.Put, $"/fhir/Patient?family={family}", Resources.Patient(family)), HttpStatusCode.PreconditionFailed);
        await ExpectAsync(await client.SendFhirAsync(HttpMethod.Post, "/fhir/Patient", Resources.Patient(family), configure: r => r.Headers.Add("If-None-Exist", $"family={family}")), HttpStatusCode.PreconditionFailed);
        await ExpectAsync(await client.DeleteAsync($"/fhir/Patient?family={family}"), HttpStatusCode.PreconditionFailed);

        var search = await (await client.GetAsync($"/fhir/Patient?family={family}")).ReadAsync<Bundle>();
        search.Entry.Select(e => e.Resource!.Id).ShouldBe([first.Id, second.Id], ignoreOrder: true);
        (await Resources.VersionCountAsync(client, $"Patient/{first.Id}")).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Xml_with_a_dtd_or_external_entity_is_400_and_nothing_is_resolved(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var secret = Path.Combine(server.Directory, "xxe-secret.txt");
        await File.WriteAllTextAsync(secret, "TOP-SECRET-XXE");
        var external = $"<?xml version=\"1.0\"?><!DOCTYPE Patient [<!ENTITY xxe SYSTEM \"file://{secret}\">]><Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"&xxe;\"/></name></Patient>";
        var internalEntity = "<?xml version=\"1.0\"?><!DOCTYPE Patient [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]><Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"&lol2;\"/></name></Patient>";

        foreach (var body in new[] { external, internalEntity })
        {
            using var response = await client.SendAsync(Raw(HttpMethod.Post, "/fhir/Patient", body, FhirHttp.Xml));
            var text = await response.Content.ReadAsStringAsync();
            text.ShouldNotContain("TOP-SECRET-XXE");
            (await ExpectAsync(response, HttpStatusCode.BadRequest)).Issue[0].Diagnostics!.ShouldContain("DTD");
        }
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Body_over_the_size_limit_is_413_and_stores_nothing(DatabaseKind kind)
    {
        await using var server = await TestServer.StartAsync(kind, new() { ["Fhir:MaxRequestBodyBytes"] = "4096" });
        using var client = server.CreateClient();
        var identifier = Resources.UniqueValue();
        var patient = Resources.Patient(identifier: identifier);
        patient.Text = new Narrative { Status = Narrative.NarrativeStatus.Generated, Div = $"<div xmlns=\"http://www.w3.org/1999/xhtml\">{new string('x', 8000)}</div>" };

        await ExpectAsync(await client.SendFhirAsync(HttpMethod.Post, "/fhir/Patient", patient), HttpStatusCode.RequestEntityTooLarge);
        await ExpectAsync(await client.SendFhirAsync(HttpMethod.Post, "/fhir", new Bundle { Type = Bundle.BundleType.Batch, Entry = [new() { Resource = patient, Request = new() { Method = Bundle.HTTPVerb.POST, Url = "Patient" } }] }), HttpStatusCode.RequestEntityTooLarge);

        var search = await (await client.GetAsync($"/fhir/Patient?identifier={Resources.IdentifierSystem}|{identifier}")).ReadAsync<Bundle>();
        search.Entry.ShouldBeEmpty();
        (await client.SendFhirAsync(HttpMethod.Post, "/fhir/Patient", Resources.Patient())).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Failed_update_leaves_the_stored_versions_untouched(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await Resources.CreateAsync(client, Resources.Patient());
        var invalid = (Patient)patient.DeepCopy();
        invalid.Contact = [new Patient.ContactComponent { Gender = AdministrativeGender.Female }];

        await ExpectAsync(await client.SendFhirAsync(HttpMethod.Put, $"/fhir/Patient/{patient.Id}", invalid), (HttpStatusCode)422);
        await ExpectAsync(await client.SendAsync(Raw(HttpMethod.Put, $"/fhir/Patient/{patient.Id}", "{\"resourceType\":\"Patient\",", FhirHttp.Json)), HttpStatusCode.BadRequest);

        var history = await (await client.GetAsync($"/fhir/Patient/{patient.Id}/_history")).ReadAsync<Bundle>();
        history.Entry.ShouldHaveSingleItem().Resource!.Meta!.VersionId.ShouldBe("1");
        var current = await (await client.GetAsync($"/fhir/Patient/{patient.Id}")).ReadAsync<Patient>();
        current.Contact.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Write_asking_for_an_unsupported_format_is_406_and_stores_nothing(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var identifier = Resources.UniqueValue();

        using var response = await client.SendAsync(FhirHttp.Request(HttpMethod.Post, "/fhir/Patient", "application/pdf", FhirHttp.Body(Resources.Patient(identifier: identifier), FhirHttp.Json)));
        using var byFormat = await client.SendFhirAsync(HttpMethod.Post, "/fhir/Patient?_format=text/turtle", Resources.Patient(identifier: identifier));

        await ExpectAsync(response, HttpStatusCode.NotAcceptable);
        await ExpectAsync(byFormat, HttpStatusCode.NotAcceptable);
        var search = await (await client.GetAsync($"/fhir/Patient?identifier={Resources.IdentifierSystem}|{identifier}")).ReadAsync<Bundle>();
        search.Entry.ShouldBeEmpty();
    }

    private static Observation WithDataAbsentReason()
    {
        var observation = Resources.Observation();
        observation.DataAbsentReason = new CodeableConcept("http://terminology.hl7.org/CodeSystem/data-absent-reason", "unknown");
        return observation;
    }

    private static Observation WithComponentRepeatingCode()
    {
        var observation = Resources.Observation();
        observation.Component = [new Observation.ComponentComponent { Code = new CodeableConcept("http://loinc.org", "8867-4"), Value = new Quantity(70, "beats/minute") }];
        return observation;
    }

    private static Patient WithEmptyContact()
    {
        var patient = Resources.Patient();
        patient.Contact = [new Patient.ContactComponent { Gender = AdministrativeGender.Female }];
        return patient;
    }

    private static Hl7.Fhir.Model.Consent Consent(bool policy, bool patient, string scope) => new()
    {
        Status = Hl7.Fhir.Model.Consent.ConsentState.Active,
        Scope = new CodeableConcept("http://terminology.hl7.org/CodeSystem/consentscope", scope),
        Category = [new CodeableConcept("http://loinc.org", "59284-0")],
        Patient = patient ? new ResourceReference("Patient/example") : null,
        PolicyRule = policy ? new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN") : null,
    };
}
