using System.Net;
using System.Text.Json;
using FhirChain.FhirApi.Tests.Infrastructure;
using FhirChain.Provenance.Merkle;
using FhirChain.Provenance.Notes;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Provenance;

/// <summary>The public log endpoints and $verify, checked with the Provenance library as a third party would.</summary>
public sealed class LogEndpointTests
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Checkpoint_is_a_signed_note_that_verifies_with_the_published_key(DatabaseKind kind)
    {
        await using var server = await TestServer.StartAsync(kind);
        using var client = server.CreateClient();
        await ProvenanceFixtures.CreatePatientsAsync(client, 3);

        var key = (await client.GetStringAsync("/log/key")).Trim();
        var note = await client.GetStringAsync("/log/checkpoint");
        var opened = NoteVerifier.Parse(key).Open(note);
        opened.IsVerified.ShouldBeTrue(opened.Reason);
        var checkpoint = Checkpoint.Parse(opened.Text!).Checkpoint!;
        checkpoint.Origin.ShouldBe("fhirchain.local/log");
        checkpoint.Size.ShouldBe(3);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Verify_returns_an_inclusion_proof_that_checks_against_the_signed_root(DatabaseKind kind)
    {
        await using var server = await TestServer.StartAsync(kind);
        using var client = server.CreateClient();
        var patients = await ProvenanceFixtures.CreatePatientsAsync(client, 5);
        var target = patients[2];

        using var response = await client.GetAsync($"/fhir/Patient/{target.Id}/$verify");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var parameters = await response.ReadAsync<Parameters>();
        parameters.GetSingleValue<FhirBoolean>("verified")!.Value.ShouldBe(true);
        var leafIndex = ProvenanceFixtures.LeafIndex(parameters);
        var treeSize = long.Parse(parameters.GetSingleValue<Integer64>("treeSize")!.ToString()!, System.Globalization.CultureInfo.InvariantCulture);
        var leafHash = parameters.GetSingleValue<Base64Binary>("leafHash")!.Value!;
        var root = parameters.GetSingleValue<Base64Binary>("rootHash")!.Value!;
        var proof = parameters.Parameter.Single(p => p.Name == "inclusionProof").Part.Select(p => ((Base64Binary)p.Value!).Value!).ToList();

        ProofVerifier.VerifyInclusion(leafHash, leafIndex, treeSize, proof, root).IsValid.ShouldBeTrue();
        parameters.GetSingleValue<FhirString>("checkpoint")!.Value!.ShouldContain(Convert.ToBase64String(root));
        parameters.GetSingleValue<Base64Binary>("salt")!.Value!.Length.ShouldBe(32);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Consistency_proof_between_two_checkpoints_verifies(DatabaseKind kind)
    {
        await using var server = await TestServer.StartAsync(kind);
        using var client = server.CreateClient();
        await ProvenanceFixtures.CreatePatientsAsync(client, 3);
        var old = Checkpoint.Parse(NoteVerifier.Parse((await client.GetStringAsync("/log/key")).Trim()).Open(await client.GetStringAsync("/log/checkpoint")).Text!).Checkpoint!;
        await ProvenanceFixtures.CreatePatientsAsync(client, 4);
        var current = Checkpoint.Parse(NoteVerifier.Parse((await client.GetStringAsync("/log/key")).Trim()).Open(await client.GetStringAsync("/log/checkpoint")).Text!).Checkpoint!;
        current.Size.ShouldBe(7);

        using var response = await client.GetAsync($"/log/proof/consistency?from={old.Size}&to={current.Size}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var hashes = json.RootElement.GetProperty("hashes").EnumerateArray().Select(h => Convert.FromBase64String(h.GetString()!)).ToList();
        ProofVerifier.VerifyConsistency(old.Size, current.Size, hashes, old.RootHash, current.RootHash).IsValid.ShouldBeTrue();
    }

    [Theory]
    [InlineData("from=0&to=3")]
    [InlineData("from=4&to=3")]
    [InlineData("from=1&to=999999999")]
    [InlineData("from=x&to=3")]
    public async System.Threading.Tasks.Task Consistency_proof_with_bad_sizes_is_a_400_naming_the_problem(string query)
    {
        var server = await SharedServers.GetAsync(DatabaseKind.Sqlite);
        using var client = server.CreateClient();
        using var response = await client.GetAsync($"/log/proof/consistency?{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("error");
    }

    [Fact]
    public async System.Threading.Tasks.Task The_public_log_holds_no_patient_data()
    {
        await using var server = await TestServer.StartAsync(DatabaseKind.Sqlite);
        using var client = server.CreateClient();
        await ProvenanceFixtures.CreatePatientsAsync(client, 2, family: "Zebediah");
        var note = await client.GetStringAsync("/log/checkpoint");
        var proof = await client.GetStringAsync("/log/proof/consistency?from=1&to=2");
        note.ShouldNotContain("Zebediah");
        note.ShouldNotContain("Patient");
        proof.ShouldNotContain("Zebediah");
    }
}
