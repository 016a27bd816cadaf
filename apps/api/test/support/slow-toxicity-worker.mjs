// The real scoring worker, 400 ms slower per text: lets tests overrun the budget and fill the queue
// with the tiny model, which is otherwise too fast to do either.
import score from '../../src/toxicity/toxicity.worker.mjs';

export default async function slowScore(task) {
  await new Promise((done) => setTimeout(done, 400));
  return score(task);
}
