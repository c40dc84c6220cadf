//! What is at a byte offset: the chain of objects from the root to the cursor, each with its schema block.
