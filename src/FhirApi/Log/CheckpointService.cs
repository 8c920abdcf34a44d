using FhirChain.FhirApi.Storage;
using FhirChain.Provenance.Merkle;
using FhirChain.Provenance.Notes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FhirChain.FhirApi.Log;

/// <summary>
/// Signs checkpoints of the stored tree, and refuses to when storage contradicts what was signed
/// before. The newest signed checkpoint is also kept in a witness file outside the database
/// (<c>Provenance:WitnessPath</c>): a database restored to an older state, or a tree rebuilt
/// differently, fails the consistency check against it and is reported, never signed.
/// </summary>
internal sealed class CheckpointService
{
    private readonly LogSigningKey key;
    private readonly ProvenanceOptions options;
    private readonly TimeProvider clock;
    private readonly SemaphoreSlim signing = new(1, 1);
    private volatile SignedTree? latest;

    public CheckpointService(LogSigningKey key, IOptions<ProvenanceOptions> options, TimeProvider clock)
    {
        this.key = key;
        this.options = options.Value;
        this.clock = clock;
        Witness = ReadWitness();
    }

    /// <summary>The newest checkpoint this server has signed, as kept outside the database.</summary>
    public SignedTree? Witness { get; private set; }

    public string VerifierKey => key.VerifierKey;

    /// <summary>A signed tree covering at least <paramref name="minSize"/> leaves (signing a new one if needed).</summary>
    public async Task<SignedTree> GetCoveringAsync(FhirDbContext db, long minSize, CancellationToken cancellationToken)
    {
        var current = latest;
        if (current is not null && current.Size >= minSize)
        {
            return current;
        }

        return await SignLatestAsync(db, cancellationToken);
    }

    /// <summary>Signs the stored tree at its current size, after checking it against the witness.</summary>
    public async Task<SignedTree> SignLatestAsync(FhirDbContext db, CancellationToken cancellationToken)
    {
        await signing.WaitAsync(cancellationToken);
        try
        {
            var head = await db.LogHead.AsNoTracking().Where(h => h.Id == LogHeadRow.SingletonId).FirstOrDefaultAsync(cancellationToken)
                ?? throw new LogIntegrityException("The provenance log head is missing from storage.");
            if (latest is { } known && known.Size == head.Size)
            {
                return known;
            }

            var range = await ProvenanceLog.LoadRangeFromStorageAsync(db, head.Size, cancellationToken);
            var root = range.RootHash();
            if (!root.AsSpan().SequenceEqual(head.RootHash))
            {
                throw new LogIntegrityException($"The stored tree nodes give root {Convert.ToHexStringLower(root)} at size {head.Size}, but the log head says {Convert.ToHexStringLower(head.RootHash)}.");
            }

            await CheckAgainstWitnessAsync(db, head.Size, root, cancellationToken);

            var note = key.Signer.Sign(new Checkpoint(options.Origin, head.Size, root, []).ToNoteText());
            var signed = new SignedTree(head.Size, root, note);
            await StoreAsync(db, signed, cancellationToken);
            WriteWitness(signed);
            latest = signed;
            return signed;
        }
        catch (MissingLogNodeException ex)
        {
            throw new LogIntegrityException(ex.Message);
        }
        finally
        {
            signing.Release();
        }
    }

    private async Task CheckAgainstWitnessAsync(FhirDbContext db, long size, byte[] root, CancellationToken cancellationToken)
    {
        var witness = Witness;
        if (witness is null || witness.Size == 0)
        {
            return;
        }

        if (size < witness.Size)
        {
            throw new LogIntegrityException($"The log was rolled back: storage holds {size} leaves, but a checkpoint of {witness.Size} leaves was signed.");
        }

        if (size == witness.Size)
        {
            if (!root.AsSpan().SequenceEqual(witness.RootHash))
            {
                throw new LogIntegrityException($"The stored tree of {size} leaves has a different root than the signed checkpoint of that size.");
            }

            return;
        }

        var plan = ProofPlanner.Consistency(witness.Size, size);
        var proof = plan.Rehash(await NodeReader.ReadAsync(db, plan.Ids, cancellationToken));
        var result = ProofVerifier.VerifyConsistency(witness.Size, size, proof, witness.RootHash, root);
        if (!result.IsValid)
        {
            throw new LogIntegrityException($"The stored tree is not an append-only extension of the signed checkpoint of {witness.Size} leaves: {result.Reason}");
        }
    }

    private async Task StoreAsync(FhirDbContext db, SignedTree signed, CancellationToken cancellationToken)
    {
        if (await db.LogCheckpoints.AsNoTracking().AnyAsync(c => c.TreeSize == signed.Size, cancellationToken))
        {
            return;
        }

        db.LogCheckpoints.Add(new LogCheckpointRow
        {
            TreeSize = signed.Size,
            RootHash = signed.RootHash,
            SignedNote = signed.SignedNote,
            CreatedMs = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another server process stored a checkpoint of this size first; both are valid signatures.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private SignedTree? ReadWitness()
    {
        var path = Path.GetFullPath(options.WitnessPath);
        if (!File.Exists(path))
        {
            return null;
        }

        var note = File.ReadAllText(path);
        var opened = key.Verifier.Open(note);
        if (!opened.IsVerified || opened.Text is null)
        {
            throw new InvalidOperationException($"Provenance:WitnessPath '{path}' does not hold a checkpoint signed by this log's key: {opened.Reason}");
        }

        var parsed = Checkpoint.Parse(opened.Text);
        if (!parsed.IsValid || parsed.Checkpoint is null)
        {
            throw new InvalidOperationException($"Provenance:WitnessPath '{path}' holds a malformed checkpoint: {parsed.Error}");
        }

        return new SignedTree(parsed.Checkpoint.Size, parsed.Checkpoint.RootHash, note);
    }

    private void WriteWitness(SignedTree signed)
    {
        if (Witness is { } current && current.Size >= signed.Size)
        {
            return;
        }

        var path = Path.GetFullPath(options.WitnessPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Environment.ProcessId + ".tmp";
        File.WriteAllText(temp, signed.SignedNote);
        File.Move(temp, path, overwrite: true);
        Witness = signed;
    }
}
