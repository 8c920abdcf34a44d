namespace FhirChain.Provenance.Tests.Verify;

public sealed class ConsistencyVerifierTests : IDisposable
{
    private readonly VerifierRun _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Checkpoints_of_a_growing_log_are_consistent()
    {
        var log = new TestLog();
        for (var i = 0; i < 7; i++)
        {
            log.AppendFiller($"leaf {i}");
        }

        var old = log.SignedCheckpoint();
        for (var i = 7; i < 20; i++)
        {
            log.AppendFiller($"leaf {i}");
        }

        var (exit, stdout, _) = Run(old, log.SignedCheckpoint(), log.ConsistencyProofJson(7, 20), log.Signer.VerifierKey);

        stdout.ShouldBe("verified");
        exit.ShouldBe(0);
    }

    [Fact]
    public void Checkpoints_of_a_forked_log_are_not_consistent()
    {
        var honest = new TestLog();
        var fork = new TestLog(signer: honest.Signer);
        for (var i = 0; i < 7; i++)
        {
            honest.AppendFiller($"leaf {i}");
            fork.AppendFiller(i == 3 ? "rewritten history" : $"leaf {i}");
        }

        var old = honest.SignedCheckpoint();
        for (var i = 7; i < 20; i++)
        {
            fork.AppendFiller($"leaf {i}");
        }

        var (exit, stdout, _) = Run(old, fork.SignedCheckpoint(), fork.ConsistencyProofJson(7, 20), honest.Signer.VerifierKey);

        exit.ShouldBe(1);
        stdout.ShouldStartWith("NOT verified: consistency proof: old root mismatch: expected ");
    }

    [Fact]
    public void Checkpoints_of_different_logs_are_not_consistent()
    {
        var log = new TestLog();
        log.AppendFiller("a");
        var other = new TestLog("other.example/log", log.Signer);
        other.AppendFiller("a");

        var (exit, stdout, _) = Run(log.SignedCheckpoint(), log.Signer.Sign(
            new FhirChain.Provenance.Notes.Checkpoint("other.example/log", 1, other.Tree.RootHash(), []).ToNoteText()), "{\"hashes\":[]}", log.Signer.VerifierKey);

        exit.ShouldBe(1);
        stdout.ShouldStartWith("NOT verified: origin mismatch");
    }

    [Fact]
    public void New_checkpoint_signed_by_another_key_is_not_verified()
    {
        var log = new TestLog();
        log.AppendFiller("a");
        var old = log.SignedCheckpoint();
        log.AppendFiller("b");
        var impostor = FhirChain.Provenance.Notes.NoteSigner.Generate(log.Signer.Name);
        var forged = impostor.Sign(new FhirChain.Provenance.Notes.Checkpoint(log.Signer.Name, 2, log.Tree.RootHash(), []).ToNoteText());

        var (exit, stdout, _) = Run(old, forged, log.ConsistencyProofJson(1, 2), log.Signer.VerifierKey);

        exit.ShouldBe(1);
        stdout.ShouldStartWith("NOT verified: new checkpoint signature: the note has no signature by key");
    }

    private (int ExitCode, string Stdout, string Stderr) Run(string oldCheckpoint, string newCheckpoint, string proof, string key) =>
        VerifierRun.Run(
            "consistency",
            "--old", _files.Write("old.txt", oldCheckpoint),
            "--new", _files.Write("new.txt", newCheckpoint),
            "--proof", _files.Write("consistency.json", proof),
            "--key", _files.Write("log.pub", key));
}
