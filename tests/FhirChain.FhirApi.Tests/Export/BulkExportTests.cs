using System.Net;
using FhirChain.FhirApi.Tests.Auth;
using FhirChain.FhirApi.Tests.Consent;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;
using static FhirChain.FhirApi.Tests.Consent.ResearchData;
using static FhirChain.FhirApi.Tests.Export.BulkExport;
using ConsentResource = Hl7.Fhir.Model.Consent;

namespace FhirChain.FhirApi.Tests.Export;

/// <summary>Bulk Data $export: the async pattern, consent filtering for research clients, de-identification, restarts and cancel.</summary>
public sealed class BulkExportTests
{
    private const string A = "pat-a";
    private const string B = "pat-b";
    private const string C = "pat-c";

    /// <summary>A permits, B has no consent, C permits except HIV tests; B's observation names A as performer.</summary>
    private static async System.Threading.Tasks.Task SeedAsync(SecuredServer server)
    {
        using var admin = server.Admin();
        foreach (var id in new[] { A, B, C })
        {
            await admin.PutAsync(Patient(id));
        }

        await admin.PutAsync(Observation(A + "-hr", A, HeartRate));
        await admin.PutAsync(Observation(B + "-hr", B, HeartRate, performerPatientId: A));
        await admin.PutAsync(Observation(C + "-hr", C, HeartRate));
        await admin.PutAsync(Observation(C + "-hiv", C, HivTest));
        await admin.PutAsync(ResearchConsent(A + "-consent", A, ConsentResource.ConsentProvisionType.Permit));
        await admin.PutAsync(ResearchConsent(C + "-consent", C, ConsentResource.ConsentProvisionType.Permit, DenyCode(HivTest)));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Research_export_contains_exactly_the_consented_data(DatabaseKind kind)
    {
        await using var server = await SecuredServer.StartAsync(kind);
        await SeedAsync(server);
        using var researcher = server.Researcher();
        using var admin = server.Admin();

        using (var synchronous = await researcher.SendFhirAsync(HttpMethod.Get, "/fhir/$export"))
        {
            synchronous.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await synchronous.ReadAsync<OperationOutcome>()).Issue[0].Diagnostics!.ShouldContain("respond-async");
        }

        var manifest = await WaitForManifestAsync(researcher, await KickOffAsync(researcher, "/fhir/$export?_type=Patient,Observation"));
        manifest["requiresAccessToken"]!.GetValue<bool>().ShouldBeTrue();
        manifest["request"]!.GetValue<string>().ShouldEndWith("/fhir/$export?_type=Patient,Observation");
        manifest["transactionTime"].ShouldNotBeNull();
        manifest["error"]!.AsArray().Count.ShouldBe(0);
        var exported = await DownloadAllAsync(researcher, manifest);
        exported.Keys.Order(StringComparer.Ordinal).ShouldBe([$"Observation/{A}-hr", $"Observation/{C}-hr", $"Patient/{A}", $"Patient/{C}"]);

        var everything = await DownloadAllAsync(admin, await WaitForManifestAsync(admin, await KickOffAsync(admin, "/fhir/Patient/$export?_type=Patient,Observation")));
        everything.Keys.Count.ShouldBe(7);

        // The files belong to the client that asked.
        var url = manifest["output"]![0]!["url"]!.GetValue<string>();
        using var other = server.Researcher("someone-else");
        (await other.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Group_export_with_type_filter_and_deidentification(DatabaseKind kind)
    {
        await using var server = await SecuredServer.StartAsync(kind);
        await SeedAsync(server);
        using var admin = server.Admin();
        var group = new Group { Id = "cohort", Type = Group.GroupType.Person, Actual = true };
        group.Member.AddRange(new[] { A, B }.Select(id => new Group.MemberComponent { Entity = new ResourceReference($"Patient/{id}") }));
        await admin.PutAsync(group);
        using var researcher = server.Researcher();

        var manifest = await WaitForManifestAsync(researcher, await KickOffAsync(researcher,
            "/fhir/Group/cohort/$export?_type=Patient,Observation&_typeFilter=" + Uri.EscapeDataString("Observation?code=http://loinc.org|" + HeartRate) + "&_deidentify=true"));
        var exported = await DownloadAllAsync(researcher, manifest);
        exported.Count.ShouldBe(2);
        var patient = exported.Values.Single(r => r["resourceType"]!.GetValue<string>() == "Patient");
        var observation = exported.Values.Single(r => r["resourceType"]!.GetValue<string>() == "Observation");
        patient["id"]!.GetValue<string>().ShouldNotBe(A);
        patient.ContainsKey("name").ShouldBeFalse();
        patient.ContainsKey("identifier").ShouldBeFalse();
        patient.ContainsKey("telecom").ShouldBeFalse();
        patient.ContainsKey("text").ShouldBeFalse();
        patient["birthDate"]!.GetValue<string>().Length.ShouldBe(10);
        observation["subject"]!["reference"]!.GetValue<string>().ShouldBe("Patient/" + patient["id"]!.GetValue<string>());
        observation["subject"]!.AsObject().ContainsKey("display").ShouldBeFalse();

        // The same per-patient shift moves the birth date and the observation time alike.
        var birthShift = DateTime.Parse(patient["birthDate"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) - new DateTime(1980, 4, 12);
        var effectiveShift = DateTimeOffset.Parse(observation["effectiveDateTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) - new DateTimeOffset(2024, 3, 5, 10, 30, 0, TimeSpan.Zero);
        effectiveShift.TotalDays.ShouldBe(birthShift.TotalDays);
        Math.Abs(birthShift.TotalDays).ShouldBeLessThanOrEqualTo(180);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Export_job_survives_a_restart_and_a_cancelled_job_stays_cancelled(DatabaseKind kind)
    {
        // The first server takes jobs but does not run them, as if it stopped mid-job.
        var server = await SecuredServer.StartAsync(kind, new() { ["Export:RunJobs"] = "false" });
        await using var owner = server;
        await SeedAsync(server);
        string statusUrl;
        string cancelledUrl;
        using (var researcher = server.Researcher())
        {
            statusUrl = await KickOffAsync(researcher, "/fhir/$export?_type=Patient,Observation");
            cancelledUrl = await KickOffAsync(researcher, "/fhir/$export?_type=Patient");
            using var pending = await PollAsync(researcher, statusUrl);
            pending.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            using var cancel = await researcher.DeleteAsync(cancelledUrl);
            cancel.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        // Leave the first job half done: running, with a partial file.
        var jobId = statusUrl[(statusUrl.LastIndexOf('/') + 1)..];
        await using (var db = server.Server.CreateDbContext())
        {
            var job = db.ExportJobs.Single(j => j.Id == jobId);
            job.Status = "running";
            await db.SaveChangesAsync();
        }

        var partial = Path.Combine(server.ExportDirectory, jobId);
        Directory.CreateDirectory(partial);
        await File.WriteAllTextAsync(Path.Combine(partial, "Patient.ndjson"), "{\"resourceType\":\"Patient\",\"id\":\"half-writ");

        await server.RestartAsync(new() { ["Export:RunJobs"] = "true" });
        using var client = server.Researcher();
        var manifest = await WaitForManifestAsync(client, statusUrl);
        var exported = await DownloadAllAsync(client, manifest);
        exported.Keys.Order(StringComparer.Ordinal).ShouldBe([$"Observation/{A}-hr", $"Observation/{C}-hr", $"Patient/{A}", $"Patient/{C}"]);
        (await PollAsync(client, cancelledUrl)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Export_files_hold_each_stored_version_byte_for_byte(DatabaseKind kind)
    {
        await using var server = await SecuredServer.StartAsync(kind);
        using var admin = server.Admin();
        var patient = Patient("pat-unicode");
        patient.Name[0].Family = "Müller-Łukasz 名前";
        await admin.PutAsync(patient);
        await admin.PutAsync(Observation("obs-unicode", "pat-unicode", HeartRate));

        var manifest = await WaitForManifestAsync(admin, await KickOffAsync(admin, "/fhir/$export?_type=Patient,Observation"));
        await using var db = server.Server.CreateDbContext();
        foreach (var output in manifest["output"]!.AsArray())
        {
            var type = output!["type"]!.GetValue<string>();
            var stored = db.Resources.Where(r => r.ResourceType == type).Join(db.ResourceVersions, r => r.CurrentRowId, v => v.Id, (r, v) => v.Json).Single();
            using var file = await admin.GetAsync(output["url"]!.GetValue<string>());
            (await file.Content.ReadAsByteArrayAsync()).ShouldBe(System.Text.Encoding.UTF8.GetBytes(stored + "\n"));
        }
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Export_outside_the_token_scopes_is_refused(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        using var observationsOnly = server.Client("system/Observation.rs");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/fhir/$export?_type=Patient");
        request.Headers.Add("Prefer", "respond-async");
        using var response = await observationsOnly.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var anonymous = server.Server.CreateClient();
        (await anonymous.GetAsync("/fhir/$export")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
