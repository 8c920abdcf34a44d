using System.Text;
using FhirChain.Provenance.Leaves;
using FhirChain.Provenance.Notes;
using FhirChain.Verify.Resources;

namespace FhirChain.Provenance.Tests.Verify;

public sealed class ResourceVerifierTests : IDisposable
{
    private readonly VerifierRun _files = new();
    private readonly TestLog _log = new();
    private readonly long _v2;
    private readonly long _delete;

    public ResourceVerifierTests()
    {
        _log.AppendFiller("other 0");
        var v1 = _log.AppendVersion(TestLog.PatientV1, LeafOperation.Create, null);
        _log.AppendFiller("other 1");
        _v2 = _log.AppendVersion(TestLog.PatientV2, LeafOperation.Update, _log.LeafHash(v1));
        _delete = _log.AppendDelete("Patient", "example", "3", "2024-05-03T09:00:00Z", _log.LeafHash(_v2));
        _log.AppendFiller("other 2");
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Served_JSON_resource_with_its_proof_is_verified()
    {
        var (exit, stdout, _) = Run(TestLog.PatientV2, _log.VerifyParametersJson(_v2), _log.Signer.VerifierKey);

        stdout.ShouldBe("verified");
        exit.ShouldBe(0);
    }

    [Fact]
    public void Served_XML_form_of_the_same_resource_is_verified()
    {
        var (exit, stdout, _) = Run(TestLog.PatientV2Xml, _log.VerifyParametersJson(_v2), _log.Signer.VerifierKey, "r.xml");

        stdout.ShouldBe("verified");
        exit.ShouldBe(0);
    }

    [Fact]
    public void JSON_and_XML_forms_of_a_Patient_have_the_same_canonical_content()
    {
        var fromJson = ServedResource.Load(Encoding.UTF8.GetBytes(TestLog.PatientV2));
        var fromXml = ServedResource.Load(Encoding.UTF8.GetBytes(TestLog.PatientV2Xml));

        Encoding.UTF8.GetString(fromXml.CanonicalContent).ShouldBe(Encoding.UTF8.GetString(fromJson.CanonicalContent));
        fromXml.Identity.ShouldBe(fromJson.Identity);
    }

    [Fact]
    public void Resource_altered_by_one_character_is_not_verified()
    {
        var altered = TestLog.PatientV2.Replace("Chalmers", "Chalmerz", StringComparison.Ordinal);

        var (exit, stdout, _) = Run(altered, _log.VerifyParametersJson(_v2), _log.Signer.VerifierKey);

        exit.ShouldBe(1);
        stdout.ShouldStartWith($"NOT verified: leaf hash mismatch: expected {Convert.ToHexStringLower(_log.LeafHash(_v2))} (from the proof), calculated ");
    }

    [Fact]
    public void Altered_salt_is_not_verified()
    {
        var salt = _log.Details(_v2).Salt!;
        var altered = (byte[])salt.Clone();
        altered[0] ^= 1;
        var proof = _log.VerifyParametersJson(_v2).Replace(Convert.ToBase64String(salt), Convert.ToBase64String(altered), StringComparison.Ordinal);

        var (exit, stdout, _) = Run(TestLog.PatientV2, proof, _log.Signer.VerifierKey);

        exit.ShouldBe(1);
        stdout.ShouldStartWith("NOT verified: leaf hash mismatch");
    }

    [Fact]
    public void Altered_inclusion_proof_hash_is_not_verified()
    {
        var hash = _log.Details(_v2).Proof[1];
        var altered = (byte[])hash.Clone();
        altered[5] ^= 0x80;
        var proof = _log.VerifyParametersJson(_v2).Replace(Convert.ToBase64String(hash), Convert.ToBase64String(altered), StringComparison.Ordinal);

        var (exit, stdout, _) = Run(TestLog.PatientV2, proof, _log.Signer.VerifierKey);

        exit.ShouldBe(1);
        stdout.ShouldStartWith($"NOT verified: inclusion proof: root mismatch: expected {Convert.ToHexStringLower(_log.Tree.RootHash())}, calculated ");
    }

    [Fact]
    public void Altered_checkpoint_signature_is_not_verified()
    {
        var checkpoint = _log.SignedCheckpoint();
        var proof = _log.VerifyParametersJson(_v2).Replace(
            TestLog.JsonText(checkpoint),
            TestLog.JsonText(FlipSignatureBit(checkpoint)),
            StringComparison.Ordinal);

        var (exit, stdout, _) = Run(TestLog.PatientV2, proof, _log.Signer.VerifierKey);

        exit.ShouldBe(1);
        stdout.ShouldBe($"NOT verified: checkpoint signature: bad signature by key {_log.Signer.Name}+{_log.Signer.KeyId:x8}");
    }

    [Fact]
    public void Another_logs_key_is_not_verified()
    {
        var otherKey = NoteSigner.Generate(_log.Signer.Name).VerifierKey;

        var (exit, stdout, _) = Run(TestLog.PatientV2, _log.VerifyParametersJson(_v2), otherKey);

        exit.ShouldBe(1);
        stdout.ShouldStartWith($"NOT verified: checkpoint signature: the note has no signature by key {_log.Signer.Name}+");
    }

    [Fact]
    public void Proof_against_a_checkpoint_of_another_size_is_not_verified()
    {
        var proof = _log.VerifyParametersJson(_v2);
        var staleCheckpoint = TestLog.JsonText(_log.SignedCheckpoint());
        _log.AppendFiller("later");
        var newer = TestLog.JsonText(_log.SignedCheckpoint());

        var (exit, stdout, _) = Run(TestLog.PatientV2, proof.Replace(staleCheckpoint, newer, StringComparison.Ordinal), _log.Signer.VerifierKey);

        exit.ShouldBe(1);
        stdout.ShouldBe($"NOT verified: checkpoint tree size mismatch: expected {_log.Tree.Size - 1} (from the proof), checkpoint has {_log.Tree.Size}");
    }

    [Fact]
    public void Delete_version_is_verified_from_its_identity_alone()
    {
        var proofPath = _files.Write("delete.json", _log.VerifyParametersJson(_delete));
        var keyPath = _files.Write("log.pub", _log.Signer.VerifierKey + "\n");

        var (exit, stdout, _) = VerifierRun.Run("resource", "--deleted", "--type", "Patient", "--id", "example", "--version", "3",
            "--last-updated", "2024-05-03T09:00:00Z", "--proof", proofPath, "--key", keyPath);

        stdout.ShouldBe("verified");
        exit.ShouldBe(0);
    }

    [Fact]
    public void Key_altered_by_one_character_is_not_verified()
    {
        var key = _log.Signer.VerifierKey;
        var position = key.Length - 10;
        var altered = key[..position] + (key[position] == 'A' ? 'B' : 'A') + key[(position + 1)..];

        var (exit, stdout, _) = Run(TestLog.PatientV2, _log.VerifyParametersJson(_v2), altered);

        exit.ShouldBe(1);
        stdout.ShouldStartWith($"NOT verified: verifier key: Malformed verifier key: key id {_log.Signer.KeyId:x8} does not match the key");
    }

    [Fact]
    public void Empty_key_file_is_a_usage_error_naming_the_key()
    {
        var (exit, stdout, stderr) = Run(TestLog.PatientV2, _log.VerifyParametersJson(_v2), "   ");

        exit.ShouldBe(2);
        stdout.ShouldBeEmpty();
        stderr.ShouldStartWith("--key: the key file");
    }

    [Fact]
    public void Unreadable_proof_is_a_usage_error_naming_the_proof()
    {
        var (exit, _, stderr) = Run(TestLog.PatientV2, "{\"resourceType\":\"Bundle\"}", _log.Signer.VerifierKey);

        exit.ShouldBe(2);
        stderr.ShouldBe("--proof: not a FHIR Parameters resource");
    }

    [Fact]
    public void Missing_resource_file_is_a_usage_error_naming_the_argument()
    {
        var proofPath = _files.Write("p.json", _log.VerifyParametersJson(_v2));
        var keyPath = _files.Write("log.pub", _log.Signer.VerifierKey);

        var (exit, _, stderr) = VerifierRun.Run("resource", "--resource", "/nonexistent/r.json", "--proof", proofPath, "--key", keyPath);

        exit.ShouldBe(2);
        stderr.ShouldStartWith("--resource: cannot read");
    }

    [Fact]
    public void Missing_required_option_is_a_usage_error()
    {
        var (exit, _, stderr) = VerifierRun.Run("resource", "--resource", "r.json");

        exit.ShouldBe(2);
        stderr.ShouldContain("--proof");
    }

    private (int ExitCode, string Stdout, string Stderr) Run(string resource, string proof, string key, string resourceName = "r.json") =>
        VerifierRun.Run(
            "resource",
            "--resource", _files.Write(resourceName, resource),
            "--proof", _files.Write("verify.json", proof),
            "--key", _files.Write("log.pub", key + "\n"));

    private static string FlipSignatureBit(string signedNote)
    {
        var lineStart = signedNote.LastIndexOf('\u2014');
        var space = signedNote.IndexOf(' ', lineStart + 2);
        var blob = Convert.FromBase64String(signedNote[(space + 1)..].TrimEnd('\n'));
        blob[10] ^= 1;
        return signedNote[..(space + 1)] + Convert.ToBase64String(blob) + "\n";
    }
}
