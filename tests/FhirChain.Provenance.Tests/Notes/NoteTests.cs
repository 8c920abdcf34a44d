using FhirChain.Provenance.Notes;

namespace FhirChain.Provenance.Tests.Notes;

public sealed class NoteTests
{
    // The published example of golang.org/x/mod/sumdb/note (package documentation).
    private const string PeterSignerKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private const string PeterVerifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private const string PeterText =
        "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    private const string PeterSignedNote = PeterText +
        "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    [Fact]
    public void Go_example_signer_key_gives_the_published_key_id_and_verifier_key()
    {
        var signer = NoteSigner.Parse(PeterSignerKey);

        signer.Name.ShouldBe("PeterNeumann");
        signer.KeyId.ShouldBe(0xc74f20a3u);
        signer.VerifierKey.ShouldBe(PeterVerifierKey);
        signer.SignerKey.ShouldBe(PeterSignerKey);
    }

    [Fact]
    public void Signing_the_Go_example_text_gives_the_published_signed_note()
    {
        NoteSigner.Parse(PeterSignerKey).Sign(PeterText).ShouldBe(PeterSignedNote);
    }

    [Fact]
    public void Go_example_note_opens_with_the_published_verifier_key()
    {
        var verifier = NoteVerifier.Parse(PeterVerifierKey);

        var result = verifier.Open(PeterSignedNote);

        verifier.KeyId.ShouldBe(0xc74f20a3u);
        result.Status.ShouldBe(NoteOpenStatus.Verified);
        result.Text.ShouldBe(PeterText);
    }

    [Fact]
    public void Sign_and_open_round_trip_with_a_generated_key()
    {
        var signer = NoteSigner.Generate("fhirchain.example/log");
        var verifier = NoteVerifier.Parse(signer.VerifierKey);

        var result = verifier.Open(signer.Sign("hello\nworld\n"));

        result.IsVerified.ShouldBeTrue(result.Reason);
        result.Text.ShouldBe("hello\nworld\n");
        verifier.KeyId.ShouldBe(signer.KeyId);
    }

    [Fact]
    public void Tampered_text_is_refused_as_a_bad_signature()
    {
        var tampered = PeterSignedNote.Replace("cryptography", "cryptographY", StringComparison.Ordinal);

        var result = NoteVerifier.Parse(PeterVerifierKey).Open(tampered);

        result.Status.ShouldBe(NoteOpenStatus.BadSignature);
        result.Reason.ShouldContain("bad signature by key PeterNeumann+c74f20a3");
    }

    [Fact]
    public void Note_signed_by_another_key_is_refused_as_unsigned_by_this_key()
    {
        var other = NoteSigner.Generate("PeterNeumann");

        var result = NoteVerifier.Parse(PeterVerifierKey).Open(other.Sign(PeterText));

        result.Status.ShouldBe(NoteOpenStatus.NoSignatureByKey);
    }

    [Fact]
    public void Unknown_signatures_next_to_a_good_one_are_allowed()
    {
        var witness = NoteSigner.Generate("witness.example");
        var witnessLine = witness.Sign(PeterText)[(PeterText.Length + 1)..];

        var result = NoteVerifier.Parse(PeterVerifierKey).Open(PeterSignedNote + witnessLine);

        result.IsVerified.ShouldBeTrue(result.Reason);
    }

    [Theory]
    [InlineData("no signature block\n")]
    [InlineData("text\n\nnot a signature line\n")]
    [InlineData("text\n\n\u2014 PeterNeumann !!!notbase64\n")]
    [InlineData("text\n\n\u2014 PeterNeumann AAAA\n")]
    [InlineData("text\n\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=")]
    public void Malformed_notes_are_refused_as_malformed(string note)
    {
        NoteVerifier.Parse(PeterVerifierKey).Open(note).Status.ShouldBe(NoteOpenStatus.Malformed);
    }

    [Theory]
    [InlineData("", "expected <name>+<keyid>+<base64 key>")]
    [InlineData("PeterNeumann+c74f20a3", "expected <name>+<keyid>+<base64 key>")]
    [InlineData("PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "not 8 lowercase hex digits")]
    [InlineData("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "does not match the key (computed c74f20a3)")]
    [InlineData("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy", "not a 32-byte Ed25519 public key")]
    [InlineData("PeterNeumann+c74f20a3+AhpcZZZZ", "only Ed25519 keys")]
    [InlineData("PeterNeumann+c74f20a3+@@@", "not base64")]
    [InlineData("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "contains a '+', a space")]
    public void Malformed_verifier_keys_are_refused_with_a_clear_message(string key, string message)
    {
        Should.Throw<FormatException>(() => NoteVerifier.Parse(key)).Message.ShouldContain(message);
    }

    [Fact]
    public void Malformed_signer_key_is_refused()
    {
        Should.Throw<FormatException>(() => NoteSigner.Parse(PeterVerifierKey)).Message.ShouldContain("PRIVATE+KEY+");
        Should.Throw<FormatException>(() => NoteSigner.Parse(PeterSignerKey.Replace("c74f20a3", "c74f20a4", StringComparison.Ordinal)))
            .Message.ShouldContain("does not match");
    }

    [Fact]
    public void Text_without_a_final_newline_cannot_be_signed()
    {
        Should.Throw<ArgumentException>(() => NoteSigner.Generate("log").Sign("no newline"));
    }
}
