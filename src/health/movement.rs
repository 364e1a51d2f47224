//! Tier movement between two snapshots: who moved, by how much, and why.
