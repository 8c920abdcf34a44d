namespace FhirChain.FhirApi.Log;

/// <summary>What the log audit can find wrong.</summary>
internal enum AuditFindingKind
{
    /// <summary>A stored version's bytes no longer hash to its logged leaf.</summary>
    Altered,

    /// <summary>A logged version whose row is gone from storage.</summary>
    Missing,

    /// <summary>A stored version the log has no leaf for.</summary>
    Extra,

    /// <summary>A leaf index with no leaf (a gap in the log).</summary>
    LeafGap,

    /// <summary>A stored tree node that differs from the tree rebuilt from the leaves, or is missing.</summary>
    NodeMismatch,

    /// <summary>The log head's size or root disagrees with the rebuilt tree.</summary>
    HeadMismatch,

    /// <summary>A signed checkpoint whose root is not the rebuilt tree's root at that size, or whose signature fails.</summary>
    CheckpointMismatch,

    /// <summary>The log is smaller than, or forked from, a checkpoint that was signed.</summary>
    RolledBack,
}
