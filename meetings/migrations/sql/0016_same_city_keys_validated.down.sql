-- Nothing to undo: 0015's reverse puts back its keys already checked.
SELECT 1;
