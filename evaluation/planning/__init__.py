"""Next year's sample plan: a published results tree in (this year's grade per SPT with its n
and standard error, the run's alpha, power and minimum n) -> `SamplePlan`: per SPT the
respondents needed next year to be shown and to detect a change of 0,3, and nationally."""
