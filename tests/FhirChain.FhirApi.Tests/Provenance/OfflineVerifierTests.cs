using FhirChain.FhirApi.Tests.Infrastructure;
using FhirChain.Verify.Cli;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Provenance;

/// <summary>What the server serves can be checked by fhirchain-verify with no server and no database.</summary>
public sealed class OfflineVerifierTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("fhirchain-verify-").FullName;

    [Theory]
    [InlineData(FhirHttp.Json)]
    [InlineData(FhirHttp.Xml)]
    public async System.Threading.Tasks.Task Served_version_and_its_proof_verify_offline(string format)
    {
        var server = await SharedServers.GetAsync(DatabaseKind.Sqlite);
        using var client = server.CreateClient();
        var patient = (await ProvenanceFixtures.CreatePatientsAsync(client, 1, family: "Offline"))[0];
        patient.Gender = AdministrativeGender.Female;
        (await client.SendFhirAsync(HttpMethod.Put, $"/fhir/Patient/{patient.Id}", patient)).EnsureSuccessStatusCode();

        var resource = await Fetch(client, $"/fhir/Patient/{patient.Id}/_history/2", format, format == FhirHttp.Json ? "r.json" : "r.xml");
        var proof = await Fetch(client, $"/fhir/Patient/{patient.Id}/_history/2/$verify", FhirHttp.Json, "verify.json");
        var key = await Fetch(client, "/log/key", "text/plain", "log.pub");

        Run("resource", "--resource", resource, "--proof", proof, "--key", key).ShouldBe((0, "verified"));

        File.WriteAllText(resource, File.ReadAllText(resource).Replace("female", "male", StringComparison.Ordinal));
        var (code, output) = Run("resource", "--resource", resource, "--proof", proof, "--key", key);
        code.ShouldBe(1);
        output.ShouldStartWith("NOT verified");
    }

    [Fact]
    public async System.Threading.Tasks.Task Checkpoints_served_at_two_times_are_consistent_offline()
    {
        await using var server = await TestServer.StartAsync(DatabaseKind.Sqlite);
        using var client = server.CreateClient();
        await ProvenanceFixtures.CreatePatientsAsync(client, 2);
        var old = await Fetch(client, "/log/checkpoint", "text/plain", "old.txt");
        await ProvenanceFixtures.CreatePatientsAsync(client, 3);
        var current = await Fetch(client, "/log/checkpoint", "text/plain", "new.txt");
        var proof = await Fetch(client, "/log/proof/consistency?from=2&to=5", "application/json", "consistency.json");
        var key = await Fetch(client, "/log/key", "text/plain", "log.pub");

        Run("consistency", "--old", old, "--new", current, "--proof", proof, "--key", key).ShouldBe((0, "verified"));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private async Task<string> Fetch(HttpClient client, string url, string accept, string name)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd(accept);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var path = Path.Combine(directory, name);
        await File.WriteAllTextAsync(path, await response.Content.ReadAsStringAsync());
        return path;
    }

    private static (int Code, string Output) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = VerifyCli.Run(args, stdout, stderr);
        return (code, (stdout.ToString() + stderr.ToString()).Trim());
    }
}
